package dev.cuecast.publish;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;

/**
 * S3ObjectStore against moto_server started on a free port. Runs whenever moto_server is on PATH; without it
 * the class is skipped locally but fails on CI (env CI set), where a skip would hide a missing emulator.
 */
class MotoStoreTest extends S3StoreContract {
    @Override
    protected S3Emulator startEmulator() throws Exception {
        Optional<Path> moto = MotoServer.executable();
        if (System.getenv("CI") == null) {
            assumeTrue(moto.isPresent(), "moto_server not on PATH (pip install 'moto[server]')");
        }
        return MotoServer.start(moto.orElseThrow(() -> new IllegalStateException("CI needs moto_server on PATH")));
    }
}
