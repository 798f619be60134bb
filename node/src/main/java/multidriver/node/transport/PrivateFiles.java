package multidriver.node.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only their owner may read (keys, secrets, tokens): never readable by others, not for an instant. */
public final class PrivateFiles {
  private PrivateFiles() {}

  /** Replaces {@code file} with {@code text}, written to a new owner-only file first and moved into place. */
  public static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (posix(file)) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(tmp); // Windows: the user's profile folder is private already
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes {@code dir} (and its parents) and lets only its owner in. */
  public static void privateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix(dir)) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  static boolean posix(Path p) throws IOException {
    Path existing = p.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    return existing != null && Files.getFileStore(existing).supportsFileAttributeView("posix");
  }
}
