package multidriver.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** TLS material for tests, made by the very script users run ({@code scripts/make_certs.sh}, with openssl). */
public final class TestCerts {
  private TestCerts() {}

  /** Runs {@code scripts/make_certs.sh --dir dir --nodes nodes} (once per directory) and returns {@code dir}. */
  public static Path make(Path dir, int nodes) {
    if (Files.exists(dir.resolve("ca.crt"))) {
      return dir;
    }
    Path script = repoRoot().resolve("scripts/make_certs.sh");
    try {
      Process p = new ProcessBuilder("bash", script.toString(), "--dir", dir.toString(), "--nodes",
          Integer.toString(nodes)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("make_certs.sh failed:\n" + out);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The checkout: upwards from the build's root property (a module when Maven runs in one) or the working dir. */
  public static Path repoRoot() {
    String prop = System.getProperty("multidriver.repoRoot");
    Path start = (prop != null ? Path.of(prop) : Path.of("")).toAbsolutePath().normalize();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("scripts/make_certs.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("no scripts/make_certs.sh above " + start);
  }
}
