package multidriver.chaos.client;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;

/**
 * The files workload: clients upload new files (each name once, its bytes a function of the name, from 1 byte to a
 * few MiB so that chunk boundaries are crossed) and download files they uploaded, recorded as {@code :upload} with
 * {@code "name:sha256"} and {@code :download} with the pair read. After the heal {@link #finalRead} downloads every
 * name any upload tried, and {@code FileCheck} asks that every acknowledged upload reads back byte for byte.
 */
public final class FileWorkload {
    private FileWorkload() {
    }

    public static ClientLoad load(WorkloadSpec spec, IntFunction<FileClient> clients, int members, Recorder recorder,
                                  long endNs) {
        return new PacedClients<>("chaos-files-client", spec, clients, members, recorder, endNs,
                (index, client, random) -> new Uploader(index, spec.concurrency(), client, recorder, random));
    }

    /** The bytes of file {@code name}: the same whoever computes them. */
    public static byte[] content(String name, int size) {
        byte[] b = new byte[size];
        new Random(name.hashCode() * 1_000_003L + size).nextBytes(b);
        return b;
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Mostly small files, some around the 1 MiB chunk size, a few of several chunks. */
    static int size(Random random) {
        int roll = random.nextInt(100);
        if (roll < 70) return 1 + random.nextInt(64 * 1024);
        if (roll < 95) return (1 << 20) - 4096 + random.nextInt(8192);
        return (1 << 20) + random.nextInt(2 << 20);
    }

    /**
     * After the heal: one {@code :ok} {@code files} read, the {@code "name:sha256"} of every name an upload tried that
     * exists now, each name downloaded through the readers in turn. Returns whether it succeeded.
     */
    public static boolean finalRead(List<FileClient> readers, Recorder recorder) {
        Set<String> names = new LinkedHashSet<>();
        for (Op op : recorder.clientHistory().ops()) {
            if (op.f().equals("upload") && op.type() == OpType.INVOKE && op.value() instanceof String v) {
                names.add(v.substring(0, v.lastIndexOf(':')));
            }
        }
        return FinalReads.retried("files", readers, recorder, reader -> {
            List<Object> present = new ArrayList<>();
            for (String name : names) {
                Completion got = reader.download(name);
                if (got.type() != OpType.OK) return Completion.fail("download of " + name + ": " + got.error());
                if (got.value() != null) present.add(name + ":" + got.value());
            }
            return Completion.ok(present);
        });
    }

    /** One client: three uploads for each download of a file it uploaded. */
    private static final class Uploader implements Runnable {
        private final int concurrency;
        private final FileClient client;
        private final Recorder recorder;
        private final Random random;
        private final List<String> acknowledged = new ArrayList<>();
        private long process;
        private long next;

        Uploader(int index, int concurrency, FileClient client, Recorder recorder, Random random) {
            this.concurrency = concurrency;
            this.client = client;
            this.recorder = recorder;
            this.random = random;
            this.process = index;
            this.next = index;
        }

        @Override
        public void run() {
            if (!acknowledged.isEmpty() && random.nextInt(4) == 0) {
                String name = acknowledged.get(random.nextInt(acknowledged.size()));
                recorder.invoke(process, "download", null);
                Completion done = Completion.guarded(true, () -> client.download(name));
                // An acknowledged file that is absent is recorded as such: FileCheck finds no upload that sent it.
                Object value = done.type() != OpType.OK ? null
                        : name + ":" + (done.value() == null ? "absent" : done.value());
                recorder.complete(process, done.type(), "download", value, done.error());
                return;
            }
            String name = "f" + next;
            next += concurrency;
            byte[] content = content(name, size(random));
            String pair = name + ":" + sha256(content);
            recorder.invoke(process, "upload", pair);
            Completion done = Completion.guarded(false, () -> client.upload(name, content));
            recorder.complete(process, done.type(), "upload", pair, done.error());
            if (done.type() == OpType.OK) acknowledged.add(name);
            if (done.type() == OpType.INFO) process += concurrency; // it may still act: go on as a new process
        }
    }
}
