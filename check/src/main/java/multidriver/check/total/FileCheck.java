package multidriver.check.total;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;

/**
 * The files workload's check: each {@code upload} writes a new file, its {@code :value} {@code "name:sha256"} of the
 * bytes sent; a final {@code files} read ({@code :ok}, a collection of {@code "name:sha256"} of the bytes each file
 * reads back as) must hold every acknowledged upload byte for byte, and nothing no upload sent (a corrupted or
 * invented file shows as an unexpected pair). Every {@code :ok} {@code download} during the run must also read bytes
 * some upload of that name sent.
 */
public final class FileCheck {
    private FileCheck() {
    }

    /**
     * @param files       what became of every upload (the set check on {@code "name:sha256"} pairs)
     * @param badDownloads {@code :ok} downloads whose bytes no upload of the name sent, in history order
     */
    public record Result(Delivery files, List<Object> badDownloads) {
        public Result {
            badDownloads = List.copyOf(badDownloads);
        }

        public boolean valid() {
            return files.valid() && badDownloads.isEmpty();
        }

        public String explain() {
            String base = files.explain().replace("elements", "files").replace("element", "file");
            if (badDownloads.isEmpty()) return base;
            return (files.valid() ? "" : base + "; ") + badDownloads.size() + " downloads read bytes no upload sent, first "
                    + badDownloads.get(0);
        }
    }

    public static Result check(History history) {
        Delivery files = FinalCollection.check(history, "upload", v -> v, "files", "files (name:sha256)");
        Set<Object> sent = new HashSet<>();
        for (Op op : history.ops()) {
            if (op.f().equals("upload") && op.type() == OpType.INVOKE) sent.add(op.value());
        }
        List<Object> bad = new ArrayList<>();
        for (Op op : history.ops()) {
            if (op.f().equals("download") && op.type() == OpType.OK && op.value() != null && !sent.contains(op.value())) {
                bad.add(op.value());
            }
        }
        return new Result(files, bad);
    }
}
