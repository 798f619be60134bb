package multidriver.server;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import multidriver.core.raft.Membership;
import multidriver.core.raft.Role;

/**
 * An immutable snapshot of the node, published by the event loop after every iteration so that HTTP threads
 * can read it without touching the (single-threaded) Raft core.
 *
 * @param leader the leader's id, or -1 when none is known
 * @param matchIndex per member id: the leader's matchIndex for that member, -1 when unknown or not leader
 * @param membership the configuration in effect on this node (thesis §4.1: the latest in its log)
 * @param membershipIndex the log index of that configuration's entry (0: from the snapshot or the bootstrap)
 * @param previousMembership the configuration before it (the committed one while a change is in progress)
 */
public record NodeStatus(int id, Role role, long term, int leader, long commitIndex, long lastApplied,
    long lastLogIndex, SortedMap<Integer, Long> matchIndex, Membership membership, long membershipIndex,
    Membership previousMembership, boolean running) {

  public NodeStatus {
    matchIndex = Collections.unmodifiableSortedMap(new TreeMap<>(matchIndex));
  }

  public static NodeStatus starting(int id, Membership bootstrap) {
    TreeMap<Integer, Long> match = new TreeMap<>();
    for (var m : bootstrap.ids()) match.put(m.value(), -1L);
    return new NodeStatus(id, Role.FOLLOWER, 0, -1, 0, 0, 0, match, bootstrap, 0, bootstrap, false);
  }

  /**
   * The servers this node must still talk to: the members of its configuration and, while a change is not known
   * committed, those of the configuration before it (thesis §4.2.2: a leader being removed needs its followers'
   * answers until the change commits; a server being added needs the leader before it is committed).
   */
  public Membership reachable() {
    if (membershipCommitted()) return membership;
    Membership union = membership;
    for (var m : previousMembership.members()) {
      if (!union.contains(m.id())) union = union.with(m);
    }
    return union;
  }

  /** Whether the configuration in effect is committed (no change is in progress as far as this node knows). */
  public boolean membershipCommitted() {
    return membershipIndex <= commitIndex;
  }

  public boolean isLeader() {
    return role == Role.LEADER;
  }

  /** Serving = running and a leader is known (this node or another). */
  public boolean serving() {
    return running && leader >= 0;
  }
}
