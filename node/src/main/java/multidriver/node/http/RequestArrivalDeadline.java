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
 * Closes a connection whose request headers take longer than {@code deadlineMs} to arrive (slowloris). Jetty's idle
 * timeout restarts with every byte and its minimum data rate covers only bodies, so one header line every few seconds
 * would hold a connection forever. The clock starts when bytes arrive on a connection with no request in progress
 * (every request so far answered: these bytes begin a new request's headers) and stops when the headers are complete
 * (Jetty counts a message then). Body bytes, and a keep-alive connection idle between requests, never count: bodies
 * are bounded by Jetty's minimum data rate, idle connections by its idle timeout. Checked once a second by one
 * thread; no state per connection beyond three numbers.
 */
final class RequestArrivalDeadline implements Connection.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestArrivalDeadline.class);

  private static final class State {
    long messages;
    long answered;
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
    s.answered = connection.getMessagesOut();
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
      long answered = c.getMessagesOut();
      long bytes = c.getBytesIn();
      if (messages != s.messages) {
        s.messages = messages; // headers of a new request completed: it arrived
        s.arrivingSinceNs = 0;
      } else if (bytes != s.bytes && s.arrivingSinceNs == 0 && answered >= messages && answered == s.answered) {
        // Bytes on a connection that was already idle at the last look (every request answered, none answered
        // since): a new request's headers are arriving. Bytes that came with a request answered since the last look
        // were its body: not this deadline's business.
        s.arrivingSinceNs = now;
      }
      s.answered = answered;
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
