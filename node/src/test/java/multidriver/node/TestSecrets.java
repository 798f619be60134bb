package multidriver.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cluster secrets for tests: a file with a fixed, long-enough secret (tests need no entropy, only membership). */
public final class TestSecrets {
  public static final String SECRET = "test-cluster-secret-0123456789abcdef";

  /** Tokens of {@link #tokensFile}: an admin, two writers and a reader. */
  public static final String ADMIN_TOKEN = "admin-token-0123456789abcdef";
  public static final String ALICE_TOKEN = "alice-token-0123456789abcdef";
  public static final String MALLORY_TOKEN = "mallory-token-0123456789abcdef";
  public static final String READER_TOKEN = "reader-token-0123456789abcdef";

  private TestSecrets() {}

  /** Writes {@code dir/tokens} (once) and returns its path. */
  public static Path tokensFile(Path dir) {
    Path file = dir.resolve("tokens");
    try {
      Files.createDirectories(dir);
      if (!Files.exists(file)) {
        Files.writeString(file, "# role name token\nadmin admin " + ADMIN_TOKEN + "\nwrite alice " + ALICE_TOKEN
            + "\nwrite mallory " + MALLORY_TOKEN + "\nread reader " + READER_TOKEN + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** {@code Authorization} header value for {@code token}. */
  public static String bearer(String token) {
    return "Bearer " + token;
  }

  /** Writes {@code dir/cluster.secret} (once) and returns its path. */
  public static Path file(Path dir) {
    Path file = dir.resolve("cluster.secret");
    try {
      Files.createDirectories(dir);
      if (!Files.exists(file)) {
        Files.writeString(file, SECRET + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
