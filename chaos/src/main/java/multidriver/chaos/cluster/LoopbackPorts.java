package multidriver.chaos.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Host ports on 127.0.0.1 for the containers' published ports: below Linux's ephemeral range (32768-60999), where
 * outgoing connections never take them, and never the same one twice in this JVM (a port picked for one member is
 * not bound until Docker starts it, so asking the kernel twice could hand it out again). Kept clear of the compose
 * cluster's 29001-29005.
 */
final class LoopbackPorts {
    private static final int FIRST = 20_000;
    private static final int LAST = 28_999;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private LoopbackPorts() {
    }

    /** A port no process listens on now and that this JVM has not handed out before. */
    static synchronized int reserve() {
        int span = LAST - FIRST + 1;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int k = 0; k < span; k++) {
            int port = FIRST + (start + k) % span;
            if (HANDED_OUT.contains(port) || !free(port)) continue;
            HANDED_OUT.add(port);
            return port;
        }
        throw new IllegalStateException("no free port on 127.0.0.1 in " + FIRST + "-" + LAST);
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
