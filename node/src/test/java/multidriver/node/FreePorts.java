package multidriver.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test nodes. They are chosen below Linux's ephemeral range (32768+), so that a port found free is
 * not taken a moment later by some unrelated outgoing connection, and away from the cluster's fixed ports
 * (9081+, 29001+).
 */
public final class FreePorts {
  private static final int LOW = 12_000;
  private static final int HIGH = 28_000;

  private FreePorts() {}

  /** Ports already handed out in this JVM: a port is probed free and closed again, so two picks could collide. */
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public static int pick() throws IOException {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException inUse) {
        // try another one
      }
    }
    throw new IOException("no free port found in [" + LOW + ", " + HIGH + ")");
  }
}
