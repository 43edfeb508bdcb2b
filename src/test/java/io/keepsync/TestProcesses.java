package io.keepsync;

import java.io.IOException;
import java.net.Socket;

/** Helper processes the tests and the benchmark start (s3proxy, nginx). */
public final class TestProcesses {

    private TestProcesses() {
    }

    /**
     * Returns {@code process} once it accepts connections on {@code port}; otherwise, within 30 s or when it exits,
     * stops it and fails naming {@code what} and where to look.
     */
    public static Process awaitPort(Process process, int port, String what) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(what + " exited");
                }
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(what + " did not start");
    }
}
