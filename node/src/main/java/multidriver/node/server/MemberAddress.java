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

  @Override
  public String toString() {
    return raft + "," + http;
  }
}
