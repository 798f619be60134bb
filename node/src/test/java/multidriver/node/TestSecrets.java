package multidriver.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cluster secrets for tests: a file with a fixed, long-enough secret (tests need no entropy, only membership). */
public final class TestSecrets {
  public static final String SECRET = "test-cluster-secret-0123456789abcdef";

  private TestSecrets() {}

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
