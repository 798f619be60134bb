package multidriver.node.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import multidriver.server.io.FileSystem;

/**
 * The production {@link FileSystem}: files below {@code root} through {@link FileChannel}s, kept open (a small LRU
 * bound) because the WAL writes the same segment again and again. {@code sync} is {@code force(false)}
 * (fdatasync: the file length is data-relevant metadata, so appended bytes are covered); {@code syncDirectory}
 * opens the directory and forces it, which is how Linux makes new, renamed and deleted names durable.
 * Used by one thread (the event loop).
 */
public final class DiskFileSystem implements FileSystem, AutoCloseable {
  private static final int MAX_OPEN_FILES = 16;

  private final Path root;
  private final LinkedHashMap<String, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);

  public DiskFileSystem(Path root) {
    this.root = root.toAbsolutePath();
  }

  private Path resolve(String path) throws IOException {
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root)) {
      throw new IOException("path " + path + " leaves the file system root " + root);
    }
    return p;
  }

  /** Creates the missing directories, syncing each new one's parent so that the new name is durable. */
  @Override
  public void createDirectories(String dir) throws IOException {
    createDirectoriesDurably(resolve(dir));
  }

  /** {@code mkdir -p} whose new names survive a power loss: each created directory's parent is fsynced. */
  public static void createDirectoriesDurably(Path target) throws IOException {
    target = target.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path p = target; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      forceDirectory(p.getParent());
    }
  }

  @Override
  public void syncDirectory(String dir) throws IOException {
    forceDirectory(resolve(dir));
  }

  private static void forceDirectory(Path dir) throws IOException {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  @Override
  public List<String> list(String dir) throws IOException {
    Path d = resolve(dir);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(d)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Override
  public boolean exists(String path) throws IOException {
    return Files.exists(resolve(path));
  }

  @Override
  public void create(String path) throws IOException {
    Path p = resolve(path);
    channel(path, p, StandardOpenOption.CREATE_NEW);
  }

  @Override
  public long size(String path) throws IOException {
    return channel(path).size();
  }

  @Override
  public void write(String path, long offset, byte[] data, int from, int length) throws IOException {
    FileChannel ch = channel(path);
    ByteBuffer b = ByteBuffer.wrap(data, from, length);
    long at = offset;
    while (b.hasRemaining()) {
      at += ch.write(b, at);
    }
  }

  @Override
  public int read(String path, long offset, byte[] into, int at, int length) throws IOException {
    int n = channel(path).read(ByteBuffer.wrap(into, at, length), offset);
    return Math.max(n, 0);
  }

  @Override
  public void sync(String path) throws IOException {
    channel(path).force(false);
  }

  @Override
  public void truncate(String path, long size) throws IOException {
    channel(path).truncate(size);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    closeChannel(from);
    closeChannel(to);
    Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void delete(String path) throws IOException {
    closeChannel(path);
    Files.delete(resolve(path));
  }

  private FileChannel channel(String path) throws IOException {
    FileChannel ch = open.get(path);
    if (ch != null) {
      return ch;
    }
    Path p = resolve(path);
    if (!Files.exists(p)) {
      throw new NoSuchFileException(p.toString());
    }
    return channel(path, p);
  }

  private FileChannel channel(String path, Path p, StandardOpenOption... extra) throws IOException {
    List<StandardOpenOption> options = new ArrayList<>(List.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
    options.addAll(List.of(extra));
    FileChannel ch = FileChannel.open(p, options.toArray(new StandardOpenOption[0]));
    open.put(path, ch);
    if (open.size() > MAX_OPEN_FILES) {
      Iterator<Map.Entry<String, FileChannel>> eldest = open.entrySet().iterator();
      Map.Entry<String, FileChannel> e = eldest.next();
      eldest.remove();
      e.getValue().close();
    }
    return ch;
  }

  private void closeChannel(String path) throws IOException {
    FileChannel ch = open.remove(path);
    if (ch != null) {
      ch.close();
    }
  }

  @Override
  public void close() throws IOException {
    for (FileChannel ch : open.values()) {
      ch.close();
    }
    open.clear();
  }
}
