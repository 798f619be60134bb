package multidriver.node.server;

import java.util.concurrent.CompletableFuture;
import multidriver.core.kv.KvCommand;

/**
 * A client request handed from an HTTP thread to the event loop. The loop completes {@link #outcome()} exactly
 * once, at the latest when {@code deadlineNs} (a {@link System#nanoTime()} value) passes.
 */
public sealed interface ClientRequest {
  CompletableFuture<Outcome> outcome();

  long deadlineNs();

  /** A replicated command (put, cas, delete): answered once its log entry is applied (§5.3, §8). */
  record Write(KvCommand command, long deadlineNs, CompletableFuture<Outcome> outcome) implements ClientRequest {}

  /** A linearizable read via ReadIndex (thesis §6.4), or a local read when the node runs with stale reads on. */
  record Read(String key, long deadlineNs, CompletableFuture<Outcome> outcome) implements ClientRequest {}
}
