package multidriver.node.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import multidriver.core.kv.FileCommand;
import multidriver.core.kv.FileMeta;
import multidriver.core.kv.FileNames;
import multidriver.core.kv.KvResult;
import multidriver.node.server.EventLoop;
import multidriver.node.server.NodeConfig;
import multidriver.server.Answer;
import multidriver.server.ClientRequest;
import multidriver.server.NodeStatus;
import multidriver.server.Outcome;
import multidriver.server.files.BlobStore;
import multidriver.server.files.FileReads;

/**
 * {@code /files}: files of up to {@code MAX_FILE_BYTES} through Raft. An upload is streamed from the request body
 * in chunks of 1 MiB, each one a log entry committed before the next is read ({@link FileCommand}); the file becomes
 * visible atomically when its commit entry is applied. A download reads the file's metadata linearizably (ReadIndex,
 * on the leader) and then streams the blob from this node's own disk once this node has applied the commit.
 *
 * <ul>
 *   <li>{@code PUT /files/{name}}: 201 with name, size, sha256, version; 400 bad name, 413 over the limit, 409 when
 *       a concurrent upload of the name committed first, 503 when the upload was interrupted (a leader change, a
 *       timeout: nothing of it is visible, upload it again), 504 when the commit's outcome is unknown;</li>
 *   <li>{@code GET /files/{name}} and {@code HEAD}: the bytes with {@code Content-Length}, {@code ETag} (the SHA-256)
 *       and one {@code Range} (206, or 416); 404 when missing; {@code If-None-Match} gives 304;</li>
 *   <li>{@code GET /files}: the list (name, size, sha256, time, version), at most 10,000;</li>
 *   <li>{@code DELETE /files/{name}}: 204, or 404.</li>
 * </ul>
 * Transfers run on the HTTP thread that took them, at most {@link #MAX_TRANSFERS} at once (503 beyond).
 */
final class FileApi {
  static final int MAX_TRANSFERS = 8;
  private static final int CHUNK_BYTES = FileCommand.MAX_CHUNK_BYTES;
  private static final int COPY_BYTES = 64 * 1024;
  private static final long POLL_MS = 2;

  private final NodeConfig config;
  private final EventLoop loop;
  private final Semaphore transfers = new Semaphore(MAX_TRANSFERS);
  private final SecureRandom random = new SecureRandom();

  private final java.util.function.IntUnaryOperator announcedWireVersion;

  FileApi(NodeConfig config, EventLoop loop, java.util.function.IntUnaryOperator announcedWireVersion) {
    this.config = config;
    this.loop = loop;
    this.announcedWireVersion = announcedWireVersion;
  }

  /**
   * The version gate: why an upload must wait, or null. Every member, this node included, must run a release that
   * applies file commands ({@link multidriver.server.codec.MessageCodec#FILES_WIRE_VERSION}). A member this node has
   * not heard since it started is not held against the upload (it may be down; blocking uploads on every absent
   * member would make them as fragile as the weakest machine): the gate sees the releases it has seen.
   */
  private String olderMember() {
    int needed = multidriver.server.codec.MessageCodec.FILES_WIRE_VERSION;
    if (config.wireVersion() < needed) {
      return "this node runs with WIRE_VERSION=" + config.wireVersion() + "; files need " + needed;
    }
    NodeStatus s = loop.status();
    for (multidriver.core.raft.Member m : s.membership().members()) {
      int id = m.id().value();
      if (id == s.id()) continue;
      int v = announcedWireVersion.applyAsInt(id);
      if (v != 0 && v < needed) {
        return "member " + id + " runs wire version " + v + "; files need every member at " + needed
            + " or newer (upgrade it first)";
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------ upload

  void put(Context ctx, String owner) throws Exception {
    String name = validName(ctx);
    if (name == null) return;
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxFileBytes()) {
      LingeringClose.refuse(ctx, 413, "file too large", "maxFileBytes", config.maxFileBytes(),
          "contentLength", declared);
      return;
    }
    String older = olderMember();
    if (older != null) {
      LingeringClose.refuse(ctx, 503, "uploads wait for every member to run a release with files: " + older,
          "applied", false);
      return;
    }
    if (!transfers.tryAcquire()) {
      LingeringClose.refuse(ctx, 503, "too many file transfers on this node; retry shortly",
          "maxTransfers", MAX_TRANSFERS);
      return;
    }
    try {
      upload(ctx, name, owner);
    } finally {
      transfers.release();
    }
  }

  private void upload(Context ctx, String name, String owner) throws Exception {
    long id = random.nextLong() >>> 1 | 1; // positive, never 0; unique with overwhelming probability
    Outcome begun = await(new FileCommand.Begin(id, name, owner));
    if (!isOk(begun)) {
      HttpApi.refusedUnread(ctx);
      refuse(ctx, begun, name, "the upload could not start");
      LingeringClose.afterAnswer(ctx);
      return;
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    InputStream in = ctx.req().getInputStream();
    long total = 0;
    while (true) {
      byte[] chunk;
      try {
        chunk = in.readNBytes(CHUNK_BYTES);
      } catch (IOException e) {
        abort(id, owner);
        interrupted(ctx, name, "the request body broke off after " + total + " bytes (" + e.getMessage() + ")");
        return;
      }
      if (chunk.length == 0) break;
      if (total + chunk.length > config.maxFileBytes()) {
        abort(id, owner);
        LingeringClose.refuse(ctx, 413, "file too large", "maxFileBytes", config.maxFileBytes());
        return;
      }
      Outcome stored = await(new FileCommand.Chunk(id, total, chunk, owner));
      if (!isOk(stored)) {
        abort(id, owner);
        drain(ctx, in);
        interrupted(ctx, name, describe(stored) + " at byte " + total);
        return;
      }
      sha.update(chunk);
      total += chunk.length;
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    Outcome committed = await(new FileCommand.Commit(id, total, hex, System.currentTimeMillis(), owner));
    if (committed instanceof Outcome.Done done && done.result() != null && done.result().isOk()) {
      ctx.header("ETag", etag(hex));
      Json.send(ctx, 201, Json.obj("name", name, "size", total, "sha256", hex,
          "version", Long.parseLong(done.result().value())));
    } else if (committed instanceof Outcome.TimedOut || committed instanceof Outcome.Unavailable u
        && !u.definitelyNotApplied()) {
      Json.error(ctx, 504, "the upload's commit has an unknown outcome: GET /files/" + name + " tells whether it"
          + " is visible", "applied", "unknown", "sha256", hex);
    } else if (committed instanceof Outcome.Done done && done.result() != null
        && done.result().status() == KvResult.Status.CAS_MISMATCH) {
      Json.error(ctx, 409, "another upload of " + name + " committed first; this one is discarded", "name", name);
    } else {
      interrupted(ctx, name, describe(committed) + " at the commit");
    }
  }

  /**
   * Reads and drops the rest of an upload that failed, so the client, still sending, gets the answer: most HTTP/1.1
   * clients read no response before their body is sent. Bounded by the file limit and {@link #DRAIN_MS}; past
   * either the connection is closed instead.
   */
  private void drain(Context ctx, InputStream in) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
    byte[] sink = new byte[COPY_BYTES];
    long dropped = 0;
    try {
      for (int n; (n = in.read(sink)) > 0; ) {
        dropped += n;
        if (dropped > config.maxFileBytes() || System.nanoTime() > deadline) {
          HttpApi.refusedUnread(ctx);
          return;
        }
      }
    } catch (IOException e) {
      HttpApi.refusedUnread(ctx);
    }
  }

  private static final long DRAIN_MS = 60_000;

  private static void interrupted(Context ctx, String name, String why) {
    Json.error(ctx, 503, "upload interrupted: " + why + "; nothing of it is visible, upload the whole file again",
        "name", name, "applied", false);
  }

  /** Best effort: a leader change aborts the upload anyway, and an abandoned one is aborted by the next term. */
  private void abort(long id, String owner) {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    loop.submit(new ClientRequest.Write(new FileCommand.Abort(id, owner), deadlineNs(), new Answer(done::complete)));
  }

  // ------------------------------------------------------------------------------------------------ download

  void get(Context ctx, boolean head) throws Exception {
    String name = validName(ctx);
    if (name == null) return;
    Outcome read = awaitRead(FileReads.metaKey(name));
    if (!(read instanceof Outcome.Done done) || done.result() == null) {
      KvAnswers.outcome(ctx, read, (c, d) -> { });
      return;
    }
    if (done.result().status() == KvResult.Status.NOT_FOUND) {
      Json.error(ctx, 404, "no such file", "name", name);
      return;
    }
    FileMeta meta = FileReads.parseMeta(done.result().value());
    if (!awaitApplied(meta.version())) {
      Json.error(ctx, 503, "this node has not applied the file's commit yet; retry", "name", name,
          "version", meta.version());
      return;
    }
    String tag = etag(meta.sha256());
    ctx.header("ETag", tag);
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("X-File-Version", Long.toString(meta.version()));
    if (tag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    long[] range = range(ctx.header("Range"), meta.sizeBytes());
    if (range == null) {
      ctx.header("Content-Range", "bytes */" + meta.sizeBytes());
      Json.error(ctx, 416, "range not satisfiable", "size", meta.sizeBytes());
      return;
    }
    long from = range[0];
    long length = range[1] - range[0];
    if (range[2] == 1) {
      ctx.status(206);
      ctx.header("Content-Range", "bytes " + from + "-" + (range[1] - 1) + "/" + meta.sizeBytes());
    } else {
      ctx.status(200);
    }
    ctx.contentType("application/octet-stream");
    Path blob = config.dataDir().resolve(BlobStore.path("wal", meta.blobId()));
    if (head || length == 0) {
      // An empty file may have no blob at all: no chunk ever wrote one.
      ctx.res().setContentLengthLong(length);
      return;
    }
    if (!transfers.tryAcquire()) {
      Json.error(ctx, 503, "too many file transfers on this node; retry shortly", "maxTransfers", MAX_TRANSFERS);
      return;
    }
    try (FileChannel ch = FileChannel.open(blob, StandardOpenOption.READ)) {
      if (ch.size() < meta.sizeBytes()) {
        Json.error(ctx, 503, "this node's copy of the file is incomplete; retry", "name", name);
        return;
      }
      ctx.res().setContentLengthLong(length);
      OutputStream out = ctx.res().getOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(COPY_BYTES);
      // A whole-file download is checked against the file's SHA-256 as it streams, and its last piece is held back
      // until the hash matches: damaged bytes on this node's disk end the response short (the client sees an
      // error, never a silently wrong file). A range cannot be checked without reading the whole file.
      MessageDigest sha = length == meta.sizeBytes() ? MessageDigest.getInstance("SHA-256") : null;
      for (long sent = 0; sent < length; ) {
        buf.clear().limit((int) Math.min(COPY_BYTES, length - sent));
        int n = ch.read(buf, from + sent);
        if (n <= 0) throw new IOException(blob + " ended at " + (from + sent));
        if (sha != null) {
          sha.update(buf.array(), 0, n);
          if (sent + n == length && !HexFormat.of().formatHex(sha.digest()).equals(meta.sha256())) {
            throw new IOException(blob + " does not hash to the SHA-256 of " + name + " (" + meta.sha256()
                + "): this node's copy is damaged; the download was cut short");
          }
        }
        out.write(buf.array(), 0, n);
        sent += n;
      }
      out.flush();
    } catch (NoSuchFileException e) {
      // Replaced and collected between the read and now (a newer upload, then a snapshot).
      ctx.removeHeader("Content-Range");
      ctx.removeHeader("ETag");
      Json.error(ctx, 503, "the file changed while it was being read; retry", "name", name);
    } catch (IOException e) {
      // Bytes went out already: no answer may follow them. The connection is cut, so the client sees a short body.
      throw new DownloadAborted(e);
    } finally {
      transfers.release();
    }
  }

  void list(Context ctx) throws Exception {
    Outcome read = awaitRead(FileReads.LIST_KEY);
    if (!(read instanceof Outcome.Done done) || done.result() == null) {
      KvAnswers.outcome(ctx, read, (c, d) -> { });
      return;
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (FileMeta f : FileReads.parseList(done.result().value())) {
      files.add(Json.obj("name", f.name(), "size", f.sizeBytes(), "sha256", f.sha256(), "time",
          java.time.Instant.ofEpochMilli(f.timeMs()).toString(), "version", f.version()));
    }
    Json.send(ctx, 200, Json.obj("files", files, "truncated", files.size() >= FileReads.MAX_LISTED));
  }

  void delete(Context ctx, String owner) throws Exception {
    String name = validName(ctx);
    if (name == null) return;
    Outcome o = await(new FileCommand.Delete(name, owner));
    if (o instanceof Outcome.Done done && done.result() != null) {
      if (done.result().status() == KvResult.Status.NOT_FOUND) {
        Json.error(ctx, 404, "no such file", "name", name);
      } else {
        ctx.status(204);
      }
      return;
    }
    KvAnswers.outcome(ctx, o, (c, d) -> { });
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** A download that failed after its first bytes: the HTTP layer writes nothing more and lets the connection drop. */
  static final class DownloadAborted extends RuntimeException {
    DownloadAborted(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * A single {@code Range: bytes=a-b | a- | -n} as {@code [from, toExclusive, partial]}; no header is the whole
   * file; null when unsatisfiable. Anything else (several ranges, garbage) is ignored as HTTP allows: the whole file.
   */
  static long[] range(String header, long size) {
    if (header == null || !header.startsWith("bytes=") || header.contains(",")) return new long[]{0, size, 0};
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) return new long[]{0, size, 0};
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0 || size == 0) return null;
        return new long[]{Math.max(0, size - suffix), size, 1};
      }
      long from = Long.parseLong(a);
      if (from < 0) return new long[]{0, size, 0};
      long to = size - 1;
      if (!b.isEmpty()) {
        java.math.BigInteger end = new java.math.BigInteger(b); // any size: an end past a long is the file's end
        if (end.signum() < 0 || end.compareTo(java.math.BigInteger.valueOf(from)) < 0) {
          return new long[]{0, size, 0}; // "5-3" is not a valid range: ignored (RFC 9110 §14.2), the whole file
        }
        to = end.min(java.math.BigInteger.valueOf(size - 1)).longValue();
      }
      if (from >= size) return null;
      return new long[]{from, to + 1, 1};
    } catch (NumberFormatException | ArithmeticException e) {
      return new long[]{0, size, 0};
    }
  }

  private String validName(Context ctx) {
    String name = ctx.pathParam("name");
    String problem = FileNames.problem(name);
    if (problem != null) {
      LingeringClose.refuse(ctx, 400, problem, "name", name);
      return null;
    }
    return name;
  }

  private static String etag(String sha256) {
    return "\"" + sha256 + "\"";
  }

  private static boolean isOk(Outcome o) {
    return o instanceof Outcome.Done d && d.result() != null && d.result().isOk();
  }

  private static String describe(Outcome o) {
    if (o instanceof Outcome.Done d && d.result() != null) {
      return d.result().status() == KvResult.Status.NOT_FOUND ? "the upload was aborted (a leader change)"
          : d.result().status() + (d.result().value() == null ? "" : ": " + d.result().value());
    }
    if (o instanceof Outcome.Unavailable u) return u.reason();
    if (o instanceof Outcome.TimedOut t) return "no answer within " + t.waitedMs() + " ms";
    if (o instanceof Outcome.NotLeader) return "no leader";
    return String.valueOf(o);
  }

  /** Answers a refused begin as its outcome says. */
  private static void refuse(Context ctx, Outcome o, String name, String what) {
    if (o instanceof Outcome.Done d && d.result() != null) {
      KvResult r = d.result();
      int status = switch (r.status()) {
        case INVALID -> 400;
        case FORBIDDEN -> 403;
        case CAS_MISMATCH -> 409;
        default -> 503;
      };
      Json.error(ctx, status, what + ": " + (r.value() == null ? r.status() : r.value()), "name", name);
      return;
    }
    if (o instanceof Outcome.NotLeader) {
      Json.error(ctx, 503, what + ": no leader known", "applied", false);
      return;
    }
    KvAnswers.outcome(ctx, o, (c, done) -> { });
  }

  private Outcome await(FileCommand command) throws InterruptedException {
    return await(answer -> new ClientRequest.Write(command, deadlineNs(), answer));
  }

  private Outcome awaitRead(String key) throws InterruptedException {
    return await(answer -> new ClientRequest.Read(key, deadlineNs(), answer));
  }

  private Outcome await(Function<Answer, ClientRequest> request) throws InterruptedException {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    loop.submit(request.apply(new Answer(done::complete)));
    try {
      // The core answers every request by its deadline; the margin covers a stopping node.
      return done.get(config.requestTimeoutMs() + 1_000L, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return new Outcome.TimedOut(config.requestTimeoutMs());
    }
  }

  /** Waits (bounded by the request timeout) until this node has applied {@code index}. */
  private boolean awaitApplied(long index) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs());
    while (loop.status().lastApplied() < index) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(POLL_MS);
    }
    return true;
  }

  private long deadlineNs() {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs());
  }
}
