package dev.cuecast.coverage;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KinesisReaderContract} on moto_server's Kinesis: the real SDK path, no Docker. */
class KinesisMotoTest extends KinesisReaderContract {
    private static MotoKinesis moto;

    @BeforeAll
    static void start() throws Exception {
        // moto speaks Kinesis' JSON protocol only, not the CBOR the SDK prefers (AWS and LocalStack take both).
        System.setProperty("aws.cborEnabled", "false");
        moto = MotoKinesis.startOrSkip();
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.cborEnabled");
        if (moto != null) {
            moto.close();
        }
    }

    @Override
    URI endpoint() {
        return moto.endpoint;
    }
}
