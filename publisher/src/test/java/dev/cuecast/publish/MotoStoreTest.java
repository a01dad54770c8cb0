package dev.cuecast.publish;


import java.util.Optional;

/**
 * S3ObjectStore against moto_server started on a free port. Runs whenever moto_server is on PATH; without it
 * the class is skipped locally but fails on CI (env CI set), where a skip would hide a missing emulator.
 *
 * <p>moto 5.2.1 honours If-None-Match and If-Match one request at a time, but checks them with a lookup and then
 * writes (moto/s3/responses.py, put object) in a threaded server: two racing writers can both win. The racing
 * tests caught two winners of one create-only; both racing cases are known unsupported here, and moto must not
 * back tests that race publishers (use s3proxy with atomic If-Match, or the directory store).
 */
class MotoStoreTest extends S3StoreContract {
    private static final String CHECK_THEN_WRITE = "known unsupported: moto 5.2.1 checks the condition, then writes "
            + "(not atomic, threaded server); racing writers can both win";

    @Override
    protected Optional<String> knownNonAtomicCreateOnly() {
        return Optional.of(CHECK_THEN_WRITE);
    }

    @Override
    protected Optional<String> knownNonAtomicReplace() {
        return Optional.of(CHECK_THEN_WRITE);
    }

    @Override
    protected S3Emulator startEmulator() throws Exception {
        return MotoServer.startOrSkip();
    }
}
