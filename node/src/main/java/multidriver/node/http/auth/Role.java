package multidriver.node.http.auth;

import java.util.Locale;

/** What a bearer token may do. Each role includes the ones below it: admin > write > read. */
public enum Role {
  READ, WRITE, ADMIN;

  public boolean includes(Role needed) {
    return ordinal() >= needed.ordinal();
  }

  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code read}, {@code write} or {@code admin}; anything else is a clear error. */
  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.spelling().equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + text + "' (read, write or admin)");
  }
}
