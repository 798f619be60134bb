package multidriver.server;

import multidriver.core.kv.KvResult;

/** How the event loop answers one client request. A closed set: the HTTP layer maps each case to a status. */
public sealed interface Outcome {

  /** Applied (write) or read at a safe index (read); {@code index} is the log index or the read index. */
  record Done(long index, KvResult result) implements Outcome {}

  /** This node is not the leader (or stopped being it): the request may be forwarded to the leader. */
  record NotLeader() implements Outcome {}

  /**
   * The request was not executed and cannot be right now (overload, no leader, leadership lost before the
   * entry committed, node stopping). {@code definitelyNotApplied} tells whether a retry could double-apply.
   */
  record Unavailable(String reason, boolean definitelyNotApplied) implements Outcome {}

  /** The wait bound passed: the write may or may not have been applied (the client must treat it as unknown). */
  record TimedOut(long waitedMs) implements Outcome {}

  /** The request conflicts with one in progress (another leadership transfer); nothing was done. */
  record Conflict(String reason) implements Outcome {}

  /** The request can never succeed as asked (a configuration change of more than one member); nothing was done. */
  record Invalid(String reason) implements Outcome {}
}
