package multidriver.node.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request takes longer than {@code deadlineMs} to arrive (slowloris). Jetty's idle timeout
 * restarts with every byte and its minimum data rate covers only bodies, so one header line every few seconds would
 * hold a connection forever. The clock starts when bytes of a request arrive and stops when its headers are
 * complete (Jetty counts a message then); bytes of a body after that start it again. A request waiting for its
 * answer sends nothing, so waiting for a commit never counts. Checked once a second by one thread; no state per
 * connection beyond three numbers.
 */
final class RequestArrivalDeadline implements Connection.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestArrivalDeadline.class);

  private static final class State {
    long messages;
    long bytes;
    long arrivingSinceNs;
  }

  private final long deadlineNs;
  private final Map<Connection, State> open = new ConcurrentHashMap<>();
  private final AtomicLong closed = new AtomicLong();
  private final ScheduledExecutorService sweeper;
  private volatile long lastWarningNs;

  RequestArrivalDeadline(long deadlineMs, String nodeId) {
    this.deadlineNs = TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "http-arrival-deadline-" + nodeId);
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    State s = new State();
    s.messages = connection.getMessagesIn();
    s.bytes = connection.getBytesIn();
    open.put(connection, s);
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  /** Connections closed because a request did not arrive in time. */
  long closedConnections() {
    return closed.get();
  }

  private void sweep() {
    long now = System.nanoTime();
    open.forEach((c, s) -> {
      long messages = c.getMessagesIn();
      long bytes = c.getBytesIn();
      if (messages != s.messages) {
        s.messages = messages; // headers of a new request completed: it arrived
        s.arrivingSinceNs = 0;
      } else if (bytes != s.bytes && s.arrivingSinceNs == 0) {
        s.arrivingSinceNs = now;
      }
      s.bytes = bytes;
      if (s.arrivingSinceNs != 0 && now - s.arrivingSinceNs > deadlineNs) {
        open.remove(c);
        closed.incrementAndGet();
        if (now - lastWarningNs > 1_000_000_000L) {
          lastWarningNs = now;
          LOG.warn("closing HTTP connection from {}: its request took more than {} ms to arrive ({} closed so far)",
              c.getEndPoint().getRemoteSocketAddress(), TimeUnit.NANOSECONDS.toMillis(deadlineNs), closed.get());
        }
        c.getEndPoint().close();
      }
    });
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
