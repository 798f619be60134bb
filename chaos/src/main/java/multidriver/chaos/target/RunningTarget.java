package multidriver.chaos.target;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import multidriver.chaos.client.BankClient;
import multidriver.chaos.client.ClusterProbe;
import multidriver.chaos.client.QueueClient;
import multidriver.chaos.client.RegisterClient;
import multidriver.chaos.client.SetClient;
import multidriver.chaos.cluster.Cluster;
import multidriver.check.model.Model;

/** A target system's members during one run, and the ways the harness reaches them. */
public interface RunningTarget extends AutoCloseable {
    Cluster cluster();

    /**
     * Waits until the system serves clients, at most {@code timeout}: empty when it does not, else a line for the
     * run's progress ("leader node-2").
     */
    Optional<String> awaitReady(Duration timeout);

    /** The member that leads now (Raft leader, primary), as the system itself reports it; empty when none is known. */
    OptionalInt primary();

    /** What the system says about its members now, for a report's problems when it is not ready. */
    String status();

    /** A new client for one workload thread (or one final reader) that sends to member {@code home} first. */
    RegisterClient client(int home);

    /**
     * A client for the final reads after the heal, on member {@code member} (by default a workload client): it may
     * wait longer than a workload client, and it never goes through a proxy.
     */
    default RegisterClient finalReader(int member) {
        return client(member);
    }

    /** A new client of the set workload, for targets that list {@code set} in {@link TargetSystem#workloads()}. */
    default SetClient setClient(int home) {
        throw new UnsupportedOperationException("this target has no set workload");
    }

    /** A new client of the queue workload, for targets that list {@code queue}. */
    default QueueClient queueClient(int home) {
        throw new UnsupportedOperationException("this target has no queue workload");
    }

    /**
     * The messages a queue target still holds in {@code queue}, ready or delivered and not yet acknowledged, as the
     * system counts them; empty when it cannot say. The drain after the heal waits for it to reach 0.
     */
    default java.util.OptionalLong queueBacklog(String queue) {
        return java.util.OptionalLong.empty();
    }

    /** A new client of the files workload, for targets that list {@code files}. */
    default multidriver.chaos.client.FileClient fileClient(int home) {
        throw new UnsupportedOperationException("this target has no files workload");
    }

    /** A new client of the bank workload, for targets that list {@code bank}. */
    default BankClient bankClient(int home) {
        throw new UnsupportedOperationException("this target has no bank workload");
    }

    /**
     * The register model that the target's register histories are checked against: by default a cas-register whose
     * keys start absent, with strict nil reads (a read of nil says the key does not exist).
     */
    default Model model() {
        return multidriver.check.model.Models.casRegister(null, false);
    }

    /** multi-driver's admin API, or null for other systems. */
    default ClusterProbe adminProbe() {
        return null;
    }

    /** Removes what the run created (a borrowed cluster stays); never throws. */
    @Override
    void close();
}
