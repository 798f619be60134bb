package multidriver.node.http.auth;

import java.util.Objects;

/**
 * Who a bearer token speaks for: its {@code name} (which owns the client sessions it registers, see
 * {@code KvCommand.owner()}) and its {@link Role}.
 */
public record Credential(String name, Role role) {
  public Credential {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
  }
}
