package multidriver.node.server;

/**
 * Where a member of the configuration is reached, as it travels in the Raft log ({@code Member.address}): its Raft
 * address and its HTTP address, written {@code raftHost:raftPort,httpHost:httpPort}. A member added through
 * {@code POST /cluster/members} brings both, so every node learns how to reach it from the log alone.
 */
public record MemberAddress(HostPort raft, HostPort http) {
  public MemberAddress {
    java.util.Objects.requireNonNull(raft, "raft");
    java.util.Objects.requireNonNull(http, "http");
  }

  /** @throws IllegalArgumentException when {@code text} is not {@code host:port,host:port} */
  public static MemberAddress parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("member address '" + text + "' is not raftHost:port,httpHost:port");
    }
    return new MemberAddress(HostPort.parse(parts[0]), HostPort.parse(parts[1]));
  }

  /** The address in member {@code id}'s entry of {@code membership}; null when it has none (or none that parses). */
  public static MemberAddress of(multidriver.core.raft.Membership membership, int id) {
    String text = membership.member(multidriver.core.raft.NodeId.of(id))
        .map(multidriver.core.raft.Member::address).orElse("");
    if (text.isEmpty()) return null;
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      return null; // the admin API validates addresses, so only a hand-made entry gets here
    }
  }

  @Override
  public String toString() {
    return raft + "," + http;
  }
}
