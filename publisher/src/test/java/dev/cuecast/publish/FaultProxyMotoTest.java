package dev.cuecast.publish;

/** {@link FaultProxyContract} against moto_server behind the fault proxy (skipped where moto is not installed). */
class FaultProxyMotoTest extends FaultProxyContract {
    @Override
    S3Emulator start() throws Exception {
        return MotoServer.startOrSkip();
    }
}
