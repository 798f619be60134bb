package multidriver.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongPredicate;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import multidriver.core.log.Entry;
import multidriver.core.raft.ReadState;
import multidriver.server.io.Clock;

/**
 * The client requests the event loop is waiting on, and how each one ends. Used by the loop thread only.
 *
 * <ul>
 *   <li>a write waits for its log index to be applied, and succeeds only if the applied entry is its own (same
 *       term): another term's entry at that index means ours was overwritten and never committed (§5.3);</li>
 *   <li>a read waits for its ReadState (leadership confirmed by a quorum, thesis §6.4), then for the state machine
 *       to apply its read index; a new leader must first commit an entry of its own term, so reads that arrive
 *       before that are retried every tick;</li>
 *   <li>every request ends by its deadline at the latest: all share one timeout, so arrival order is deadline
 *       order and only the oldest needs checking.</li>
 * </ul>
 */
final class PendingRequests {
  /** A waiting request: {@code ticket} is its log index (write) or read id (read). */
  private static final class Pending {
    final ClientRequest request;
    final long ticket;
    final long term;

    Pending(ClientRequest request, long ticket, long term) {
      this.request = request;
      this.ticket = ticket;
      this.term = term;
    }

    boolean complete(Outcome o) {
      return request.answer().complete(o);
    }
  }

  // Insertion-ordered: onSteppedDown answers reads in the order they came, in both worlds alike.
  private final Map<Long, Pending> writesByIndex = new LinkedHashMap<>();
  private final Map<Long, Pending> readsById = new LinkedHashMap<>();
  private final TreeMap<Long, List<Pending>> readsAwaitingApply = new TreeMap<>();
  private final ArrayDeque<ClientRequest.Read> readsAwaitingLeaderCommit = new ArrayDeque<>();
  private final ArrayDeque<Pending> byDeadline = new ArrayDeque<>();
  private final long timeoutMs;
  private final Clock clock;
  private final boolean matchByIndex;
  private long nextReadId = 1;

  /** @param matchByIndex deliberate bug: a write is answered by whatever entry is applied at its index */
  PendingRequests(long timeoutMs, Clock clock, boolean matchByIndex) {
    this.timeoutMs = timeoutMs;
    this.clock = clock;
    this.matchByIndex = matchByIndex;
  }

  /** A write (or a configuration change) was appended by this leader at {@code index} in {@code term}. */
  void awaitApply(ClientRequest w, long index, long term) {
    Pending p = new Pending(w, index, term);
    Pending previous = writesByIndex.put(index, p);
    if (previous != null) {
      // A later term reuses an index whose earlier proposal never committed (it was overwritten, §5.3).
      previous.complete(new Outcome.Unavailable("not committed: leadership changed", true));
    }
    byDeadline.add(p);
  }

  /** Starts a ReadIndex round through {@code readIndex} (read id -> accepted); deferred if refused. */
  void startRead(ClientRequest.Read r, LongPredicate readIndex) {
    long id = nextReadId++;
    if (readIndex.test(id)) {
      Pending p = new Pending(r, id, 0);
      readsById.put(id, p);
      byDeadline.add(p);
    } else {
      readsAwaitingLeaderCommit.add(r);
    }
  }

  /** Once per tick: retry deferred reads while leader, or send them to the new leader. */
  void retryDeferredReads(boolean isLeader, LongPredicate readIndex) {
    for (int n = readsAwaitingLeaderCommit.size(); n > 0; n--) {
      ClientRequest.Read r = readsAwaitingLeaderCommit.poll();
      if (r.answer().isDone()) {
        continue;
      }
      if (r.deadlineNs() <= clock.nowNs()) {
        r.answer().complete(new Outcome.TimedOut(timeoutMs));
      } else if (!isLeader) {
        r.answer().complete(new Outcome.NotLeader());
      } else {
        startRead(r, readIndex);
      }
    }
  }

  /** The entry at {@code e.index()} was applied with {@code result}. */
  void onApplied(Entry e, KvResult result) {
    Pending p = writesByIndex.remove(e.index());
    if (p == null) {
      return;
    }
    if (p.term == e.term() || matchByIndex) {
      p.complete(new Outcome.Done(e.index(), result));
    } else {
      // Another leader's entry won this index: ours was overwritten and never committed (§5.3, Log Matching).
      p.complete(new Outcome.Unavailable("not committed: leadership changed", true));
    }
  }

  /**
   * Deliberate bug (ack-on-commit): answers the write at {@code e.index()} as soon as it commits, with the result it
   * would have if it succeeded, before the state machine decides (a cas may fail, a retry may be a duplicate).
   */
  void onCommittedPresumingSuccess(Entry e) {
    Pending p = writesByIndex.get(e.index());
    if (p == null || p.term != e.term() || !(p.request instanceof ClientRequest.Write)) {
      return;
    }
    writesByIndex.remove(e.index());
    KvCommand command = ((ClientRequest.Write) p.request).command();
    String value = command instanceof KvCommand.Put put ? put.value()
        : command instanceof KvCommand.Cas cas ? cas.value() : null;
    p.complete(new Outcome.Done(e.index(), KvResult.ok(value)));
  }

  /** Leadership was confirmed for a read: it may be answered once {@code readIndex} is applied. */
  void onReadState(ReadState rs) {
    Pending p = readsById.remove(rs.requestId().value());
    if (p != null) {
      readsAwaitingApply.computeIfAbsent(rs.readIndex(), k -> new ArrayList<>()).add(p);
    }
  }

  /** Answers every read whose read index is at most {@code appliedIndex}, from the state machine. */
  void answerReads(long appliedIndex, Function<String, KvResult> read) {
    while (!readsAwaitingApply.isEmpty() && readsAwaitingApply.firstKey() <= appliedIndex) {
      Map.Entry<Long, List<Pending>> due = readsAwaitingApply.pollFirstEntry();
      for (Pending p : due.getValue()) {
        p.complete(new Outcome.Done(due.getKey(), read.apply(((ClientRequest.Read) p.request).key())));
      }
    }
  }

  /** A deposed leader can no longer confirm reads. Writes stay: they may still commit, or time out. */
  void onSteppedDown() {
    for (Pending p : readsById.values()) {
      p.complete(new Outcome.NotLeader());
    }
    readsById.clear();
  }

  /** Times out every request whose deadline passed; their outcome is unknown to the client. */
  void expire(long nowNs) {
    while (!byDeadline.isEmpty()) {
      Pending head = byDeadline.peek();
      if (!head.request.answer().isDone() && head.request.deadlineNs() > nowNs) {
        break;
      }
      byDeadline.poll();
      if (head.complete(new Outcome.TimedOut(timeoutMs))) {
        if (head.request instanceof ClientRequest.Read) {
          readsById.remove(head.ticket, head);
        } else {
          writesByIndex.remove(head.ticket, head);
        }
      }
    }
  }

  /** The node is stopping: every waiting request ends with 503, outcome unknown. */
  void failAll(String reason) {
    for (Pending p : byDeadline) {
      p.complete(new Outcome.Unavailable(reason, false));
    }
    for (ClientRequest.Read r : readsAwaitingLeaderCommit) {
      r.answer().complete(new Outcome.Unavailable(reason, true));
    }
  }
}
