package multidriver.chaos.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import multidriver.chaos.client.BankWorkload;
import multidriver.chaos.client.ClientLoad;
import multidriver.chaos.client.FileWorkload;
import multidriver.chaos.client.KeySpace;
import multidriver.chaos.client.QueueWorkload;
import multidriver.chaos.client.Recorder;
import multidriver.chaos.client.SetWorkload;
import multidriver.chaos.client.WorkloadSpec;
import multidriver.chaos.report.TotalFinding;
import multidriver.chaos.target.RunningTarget;
import multidriver.check.history.History;
import multidriver.check.total.BankCheck;
import multidriver.check.total.FileCheck;
import multidriver.check.total.SetCheck;
import multidriver.check.total.TotalQueueCheck;
import multidriver.check.total.TransferCheck;

/**
 * The workloads whose histories are checked for what became of every acknowledged element, not for linearizability:
 * each says how its clients load the target, what it reads after the heal and which checker judges the history.
 * (The register workload is the run's default path: {@code Workload}, final reads per key, the linearizability and
 * lost-write checks.)
 */
enum TotalWorkload {
    /** Jepsen's set: unique adds, one read of the whole set. */
    SET("set") {
        @Override
        ClientLoad load(RunningTarget t, WorkloadSpec spec, KeySpace keys, Recorder recorder, long endNs) {
            return SetWorkload.load(spec, t::setClient, t.cluster().size(), keys, recorder, endNs);
        }

        @Override
        boolean finalRead(RunningTarget t, KeySpace keys, Recorder recorder) {
            return withEach(t::setClient, t.cluster().size(), readers -> SetWorkload.finalRead(keys, readers, recorder));
        }

        @Override
        TotalFinding check(History history) {
            return TotalFinding.ofSet(SetCheck.check(history));
        }
    },
    /** Jepsen's total-queue: confirmed enqueues, acknowledged dequeues, a drain. */
    QUEUE("queue") {
        @Override
        ClientLoad load(RunningTarget t, WorkloadSpec spec, KeySpace keys, Recorder recorder, long endNs) {
            return QueueWorkload.load(spec, t::queueClient, t.cluster().size(), keys, recorder, endNs);
        }

        @Override
        boolean finalRead(RunningTarget t, KeySpace keys, Recorder recorder) {
            return withEach(t::queueClient, t.cluster().size(), readers -> QueueWorkload.drain(keys, readers, recorder,
                    t::queueBacklog));
        }

        @Override
        TotalFinding check(History history) {
            return TotalFinding.ofQueue(TotalQueueCheck.check(history));
        }
    },
    /** Uploads of whole files and downloads; every acknowledged upload reads back byte for byte after the heal. */
    FILES("files") {
        @Override
        ClientLoad load(RunningTarget t, WorkloadSpec spec, KeySpace keys, Recorder recorder, long endNs) {
            return FileWorkload.load(spec, t::fileClient, t.cluster().size(), recorder, endNs);
        }

        @Override
        boolean finalRead(RunningTarget t, KeySpace keys, Recorder recorder) {
            return withEach(t::fileClient, t.cluster().size(), readers -> FileWorkload.finalRead(readers, recorder));
        }

        @Override
        TotalFinding check(History history) {
            return TotalFinding.ofFiles(FileCheck.check(history));
        }
    },
    /** Jepsen's bank, with a ledger of transfer ids. */
    BANK("bank") {
        @Override
        ClientLoad load(RunningTarget t, WorkloadSpec spec, KeySpace keys, Recorder recorder, long endNs) {
            return BankWorkload.load(spec, t::bankClient, t.cluster().size(), keys, recorder, endNs);
        }

        @Override
        boolean finalRead(RunningTarget t, KeySpace keys, Recorder recorder) {
            return withEach(t::bankClient, t.cluster().size(), readers -> BankWorkload.finalReads(keys, readers, recorder));
        }

        @Override
        TotalFinding check(History history) {
            return TotalFinding.ofBank(BankCheck.check(history, BankWorkload.TOTAL), TransferCheck.check(history));
        }
    };

    private final String cliName;

    TotalWorkload(String cliName) {
        this.cliName = cliName;
    }

    String cliName() {
        return cliName;
    }

    /** The total workload called {@code name}; empty for {@code register}. */
    static Optional<TotalWorkload> byName(String name) {
        for (TotalWorkload w : values()) {
            if (w.cliName.equals(name)) return Optional.of(w);
        }
        return Optional.empty();
    }

    /** The clients' threads, not started. */
    abstract ClientLoad load(RunningTarget target, WorkloadSpec spec, KeySpace keys, Recorder recorder, long endNs);

    /** After the heal, recorded in the history: whether the final read(s) succeeded, so the check can trust them. */
    abstract boolean finalRead(RunningTarget target, KeySpace keys, Recorder recorder);

    /** The workload's checker on the whole client history. */
    abstract TotalFinding check(History history);

    /** Opens one client per member, runs {@code body} with them, closes them. */
    private static <C extends AutoCloseable> boolean withEach(IntFunction<C> open, int members,
                                                             Predicate<List<C>> body) {
        List<C> readers = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) readers.add(open.apply(i));
            return body.test(readers);
        } finally {
            for (C c : readers) {
                try {
                    c.close();
                } catch (Exception e) {
                    // a client's close never throws by contract
                }
            }
        }
    }
}
