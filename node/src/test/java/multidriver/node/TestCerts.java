package multidriver.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** TLS material for tests, made by the code users run ({@code ClusterCerts}: scripts/make_certs.sh, cluster certs). */
public final class TestCerts {
  private TestCerts() {}

  /** Makes the CA and certificates for servers 0..nodes-1 in {@code dir} (once per directory); returns {@code dir}. */
  public static Path make(Path dir, int nodes) {
    if (Files.exists(dir.resolve("ca.crt"))) {
      return dir;
    }
    try {
      multidriver.node.transport.ClusterCerts.ensure(dir, nodes, java.util.List.of(), false,
          new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
