// Runs the control API's EdgeLogTailer (from control-api/target/cuecast-server.jar) on one log path and prints
// every line it hands on, so a node test can compare what the tailer saw with what nginx wrote. Stops when
// stdin closes, after one more read. Run: java -cp cuecast-server.jar TailEdgeLog.java <path> <pollMs>
import dev.cuecast.coverage.EdgeLogTailer;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

public class TailEdgeLog {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
        long pollMs = Long.parseLong(args[1]);
        EdgeLogTailer tailer = new EdgeLogTailer(Path.of(args[0]), line -> {
            synchronized (out) {
                out.println(line);
            }
        }, pollMs);
        tailer.start();
        System.err.println("tailing " + args[0]);
        while (System.in.read() != -1) {
            // until the test closes stdin
        }
        Thread.sleep(3 * pollMs);
        tailer.close();
        synchronized (out) {
            out.flush();
        }
    }
}
