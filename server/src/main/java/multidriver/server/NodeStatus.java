package multidriver.server;

import java.util.List;
import multidriver.core.raft.Role;

/**
 * An immutable snapshot of the node, published by the event loop after every iteration so that HTTP threads
 * can read it without touching the (single-threaded) Raft core.
 *
 * @param leader the leader's id, or -1 when none is known
 * @param matchIndex per node id: the leader's matchIndex for that peer, -1 when unknown or not leader
 */
public record NodeStatus(int id, Role role, long term, int leader, long commitIndex, long lastApplied,
    long lastLogIndex, List<Long> matchIndex, boolean running) {

  public NodeStatus {
    matchIndex = List.copyOf(matchIndex);
  }

  public static NodeStatus starting(int id, int clusterSize) {
    return new NodeStatus(id, Role.FOLLOWER, 0, -1, 0, 0, 0, java.util.Collections.nCopies(clusterSize, -1L), false);
  }

  public boolean isLeader() {
    return role == Role.LEADER;
  }

  /** Serving = running and a leader is known (this node or another). */
  public boolean serving() {
    return running && leader >= 0;
  }
}
