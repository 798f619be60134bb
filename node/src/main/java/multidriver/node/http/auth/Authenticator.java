package multidriver.node.http.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code Authorization: Bearer <token>} against the tokens file. The file is reread when its content changes
 * (compared by digest, looked at no more than once a second, so a same-size edit within one mtime tick is seen too),
 * and a token is added or revoked without a restart. A changed file that does not parse fails closed: every token is
 * refused until it is fixed, because a typo made while revoking a stolen token must not leave that token valid.
 */
public final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final long RECHECK_NS = 1_000_000_000L;
  private static final String BEARER = "Bearer ";
  /** With {@code AUTH=off}: everyone is this, an anonymous administrator. */
  private static final Credential ANONYMOUS = new Credential("", Role.ADMIN);

  private final Path file;
  private volatile TokenFile tokens;
  private volatile byte[] loadedDigest;
  private volatile boolean fileValid = true;
  private final AtomicLong lastCheckNs = new AtomicLong(System.nanoTime());

  private Authenticator(Path file, TokenFile tokens, byte[] digest) {
    this.file = file;
    this.tokens = tokens;
    this.loadedDigest = digest;
  }

  /** Reads {@code file} now: a missing, malformed or empty file stops the node at startup with the reason. */
  public static Authenticator fromFile(Path file) {
    try {
      byte[] bytes = TokenFile.readBounded(file);
      TokenFile tokens = TokenFile.parse(file.toString(), bytes);
      if (tokens.size() == 0) {
        throw new IllegalArgumentException("TOKENS_FILE " + file + " holds no token: nobody could use the API");
      }
      return new Authenticator(file, tokens, TokenFile.sha256(bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException("TOKENS_FILE " + file + " cannot be read: " + e);
    }
  }

  /** No authentication at all ({@code AUTH=off}). */
  public static Authenticator disabled() {
    return new Authenticator(null, null, null);
  }

  public boolean enabled() {
    return file != null;
  }

  /** False while the tokens file, changed since it was last loaded, does not parse (then every token is refused). */
  public boolean tokensFileValid() {
    return fileValid;
  }

  /** The outcome of checking one request's credentials. */
  public sealed interface Check {
    record Allowed(Credential credential) implements Check {
    }

    /** 401: no token, or not one of ours. */
    record Unauthenticated(String reason) implements Check {
    }

    /** 403: a valid token whose role does not allow this. */
    record Forbidden(Credential credential, Role needed) implements Check {
    }
  }

  /** Checks an {@code Authorization} header value against the role a route needs. */
  public Check check(String authorization, Role needed) {
    if (file == null) {
      return new Check.Allowed(ANONYMOUS);
    }
    if (authorization == null || authorization.isBlank()) {
      return new Check.Unauthenticated("missing Authorization: Bearer <token>");
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return new Check.Unauthenticated("the Authorization header must be `Bearer <token>`");
    }
    reloadIfChanged();
    Optional<Credential> c = tokens.lookup(authorization.substring(BEARER.length()).strip());
    if (c.isEmpty()) {
      return new Check.Unauthenticated(fileValid ? "unknown or revoked token"
          : "the node's tokens file does not parse: every token is refused until it is fixed");
    }
    if (!c.get().role().includes(needed)) {
      return new Check.Forbidden(c.get(), needed);
    }
    return new Check.Allowed(c.get());
  }

  private void reloadIfChanged() {
    long now = System.nanoTime();
    long last = lastCheckNs.get();
    if (now - last < RECHECK_NS || !lastCheckNs.compareAndSet(last, now)) {
      return;
    }
    byte[] bytes;
    try {
      bytes = TokenFile.readBounded(file);
    } catch (IOException | RuntimeException e) {
      refuseAll("cannot be read: " + e.getMessage());
      return;
    }
    byte[] digest = TokenFile.sha256(bytes);
    if (Arrays.equals(digest, loadedDigest)) {
      return;
    }
    loadedDigest = digest; // logged once per change, not once a second
    try {
      TokenFile fresh = TokenFile.parse(file.toString(), bytes);
      tokens = fresh;
      fileValid = true;
      if (fresh.size() == 0) {
        LOG.warn("tokens file {} reloaded with no token: every request but /health is refused", file);
      } else {
        LOG.info("tokens file {} reloaded: {} token(s)", file, fresh.size());
      }
    } catch (RuntimeException e) {
      refuseAll("does not parse: " + e.getMessage());
    }
  }

  private void refuseAll(String why) {
    if (fileValid) {
      LOG.error("tokens file {} {}; refusing every token until it is fixed", file, why);
    }
    fileValid = false;
    tokens = TokenFile.denyAll();
    loadedDigest = null;
  }
}
