package dev.cuecast.coverage;

/** The daemon thread a coverage reader runs its loop on; stopped by an interrupt and a bounded wait. */
final class ReaderThread {
    private final String name;
    private Thread thread;

    ReaderThread(String name) {
        this.name = name;
    }

    synchronized void start(Runnable loop) {
        thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
