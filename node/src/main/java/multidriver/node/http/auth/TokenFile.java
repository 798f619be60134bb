package multidriver.node.http.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parsed tokens file: one credential per line, {@code <role> <name> <token>}; blank lines and lines starting with
 * {@code #} are ignored. A name may have several tokens (all with the same role): that is how a token is rotated
 * without its client losing its sessions, which belong to the name. A file with no token denies everyone. Tokens are kept only as SHA-256 digests and looked up by digest, so the lookup's timing
 * tells nothing about a token's bytes, and a heap dump holds no token.
 */
public final class TokenFile {
  /** Anything shorter is guessable; the scripts write 32 random bytes as 64 hex characters. */
  public static final int MIN_TOKEN_CHARS = 16;
  /** A token is one header value: visible ASCII, no spaces, bounded. */
  public static final int MAX_TOKEN_CHARS = 512;
  /** A bound on the file itself: it is read on every change. */
  static final long MAX_FILE_BYTES = 1 << 20;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

  private final Map<String, Credential> byDigest;

  private TokenFile(Map<String, Credential> byDigest) {
    this.byDigest = Map.copyOf(byDigest);
  }

  /** Reads and checks {@code file}; any bad line is an error naming the file and the line number. */
  public static TokenFile read(Path file) throws IOException {
    return parse(file.toString(), readBounded(file));
  }

  /** The file's bytes, refused beyond {@link #MAX_FILE_BYTES}. */
  static byte[] readBounded(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("tokens file " + file + " has " + size + " bytes, more than " + MAX_FILE_BYTES);
    }
    return Files.readAllBytes(file);
  }

  static TokenFile parse(String source, byte[] bytes) {
    return parse(source, new String(bytes, StandardCharsets.UTF_8).lines().toList());
  }

  /** No token at all: every request but /health is refused. */
  static TokenFile denyAll() {
    return new TokenFile(Map.of());
  }

  static TokenFile parse(String source, List<String> lines) {
    Map<String, Credential> byDigest = new HashMap<>();
    Map<String, Role> roles = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      String[] parts = line.split("\\s+");
      if (parts.length != 3) {
        throw new IllegalArgumentException(where + ": expected `<role> <name> <token>`, got " + parts.length
            + " field(s)");
      }
      Role role;
      try {
        role = Role.parse(parts[0]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
      String name = parts[1];
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(where + ": name '" + name + "' must match [A-Za-z0-9._-]{1,64}");
      }
      String token = parts[2];
      if (token.length() < MIN_TOKEN_CHARS || token.length() > MAX_TOKEN_CHARS || !TOKEN.matcher(token).matches()) {
        throw new IllegalArgumentException(where + ": the token must have " + MIN_TOKEN_CHARS + ".." + MAX_TOKEN_CHARS
            + " visible ASCII characters (e.g. openssl rand -hex 32)");
      }
      Role earlier = roles.putIfAbsent(name, role);
      if (earlier != null && earlier != role) {
        throw new IllegalArgumentException(where + ": name '" + name + "' already has role " + earlier.spelling()
            + " (a name's tokens share its sessions, so they must share its role)");
      }
      if (byDigest.put(digest(token), new Credential(name, role)) != null) {
        throw new IllegalArgumentException(where + ": the same token appears twice");
      }
    }
    return new TokenFile(byDigest);
  }

  /** The credential of {@code token}, if it is one of this file's. */
  public Optional<Credential> lookup(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    return Optional.ofNullable(byDigest.get(digest(token)));
  }

  public int size() {
    return byDigest.size();
  }

  static String digest(String token) {
    return java.util.HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.US_ASCII)));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
