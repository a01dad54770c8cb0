package dev.cuecast.publish;

import java.io.InputStream;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * s3proxy middleware that makes {@code If-Match} atomic. Stock s3proxy 4.1.0 checks If-Match on its in-memory
 * and filesystem stores with a HEAD and then writes unconditionally, so two writers holding the same ETag can
 * both win (the contract's racing-replace test shows it). This re-checks the ETag under one lock that every
 * write and delete takes, so the check and the write happen as one step, as on S3.
 */
final class AtomicIfMatchBlobStore extends ForwardingBlobStore {
    private final Object writes = new Object();

    AtomicIfMatchBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
        synchronized (writes) {
            String ifMatch = request.ifMatch();
            if (ifMatch != null && !ifMatch.equals("*")) {
                HeadObjectResponse current = delegate().blobMetadataIfPresent(request.bucket(), request.key());
                if (current == null) {
                    throw new S3ProxyException(S3ErrorCode.NO_SUCH_KEY);
                }
                if (!unquote(ifMatch).equals(unquote(current.eTag()))) {
                    throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
                }
            }
            return super.putBlob(request, body);
        }
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        synchronized (writes) {
            return super.removeBlob(request);
        }
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
