package multidriver.server.files;

import java.util.ArrayList;
import java.util.List;
import multidriver.core.kv.FileMeta;
import multidriver.core.kv.KvResult;
import multidriver.core.kv.KvStateMachine;

/**
 * Linearizable reads of the file table through the ordinary read path (ReadIndex, forwarding), under keys no client
 * can send (the HTTP layer refuses keys that start with NUL): {@link #metaKey} for one file, {@link #LIST_KEY} for
 * all. The answer is the metadata as text, parsed back by {@link #parseMeta} / {@link #parseList}.
 */
public final class FileReads {
    private static final String META_PREFIX = "\u0000file\u0000";
    public static final String LIST_KEY = "\u0000files\u0000";
    /** The list answer's bound: it travels as one forwarded reply. */
    public static final int MAX_LISTED = 10_000;

    private FileReads() {
    }

    public static String metaKey(String name) {
        return META_PREFIX + name;
    }

    /** Whether {@code key} is one of these reserved keys (the HTTP layer refuses it from clients). */
    public static boolean isReserved(String key) {
        return key.startsWith("\u0000");
    }

    /** The read of {@code key} on {@code kv}: a file read for the reserved keys, the key-value read otherwise. */
    public static KvResult read(KvStateMachine kv, String key) {
        if (key.equals(LIST_KEY)) {
            StringBuilder out = new StringBuilder();
            int n = 0;
            for (FileMeta f : kv.files().files().values()) {
                if (n++ == MAX_LISTED) break;
                out.append(line(f)).append('\n');
            }
            return KvResult.ok(out.toString());
        }
        if (key.startsWith(META_PREFIX)) {
            FileMeta f = kv.files().file(key.substring(META_PREFIX.length()));
            return f == null ? KvResult.notFound() : KvResult.ok(line(f));
        }
        return kv.read(key);
    }

    /** {@code blobId size version timeMs sha256 name}: the name last, since only it may hold spaces. */
    private static String line(FileMeta f) {
        return f.blobId() + " " + f.sizeBytes() + " " + f.version() + " " + f.timeMs() + " " + f.sha256() + " " + f.name();
    }

    public static FileMeta parseMeta(String line) {
        String[] p = line.split(" ", 6);
        if (p.length != 6) throw new IllegalArgumentException("not a file line: " + line);
        return new FileMeta(p[5], Long.parseLong(p[0]), Long.parseLong(p[1]), p[4], Long.parseLong(p[3]),
                Long.parseLong(p[2]));
    }

    public static List<FileMeta> parseList(String text) {
        List<FileMeta> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) out.add(parseMeta(line));
        }
        return out;
    }
}
