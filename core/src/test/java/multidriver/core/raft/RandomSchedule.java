package multidriver.core.raft;

import java.util.SplittableRandom;
import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.raft.message.Message;

/**
 * A random but seeded schedule over a {@link TestCluster}: ticks, reordered deliveries, drops, duplicates,
 * proposals, reads, partitions, crashes and restarts. Every step is checked by the cluster's invariants.
 */
final class RandomSchedule {
    final TestCluster cluster;
    private final SplittableRandom random;
    private final double dropProbability;
    private final double duplicateProbability;
    private final boolean crashes;
    private long seq;
    private long requestIds;

    RandomSchedule(TestCluster cluster, long seed, double dropProbability, double duplicateProbability,
                   boolean crashes) {
        this.cluster = cluster;
        this.random = new SplittableRandom(seed);
        this.dropProbability = dropProbability;
        this.duplicateProbability = duplicateProbability;
        this.crashes = crashes;
    }

    void run(int steps) {
        for (int s = 0; s < steps; s++) step();
    }

    void step() {
        int size = cluster.members.size();
        int roll = random.nextInt(1000);
        if (roll < 250) {
            cluster.tick(random.nextInt(size));
        } else if (roll < 850) {
            deliverSomething();
        } else if (roll < 930) {
            int i = random.nextInt(size);
            if (cluster.member(i).up) {
                seq++;
                cluster.propose(i, new KvCommand.Put(new ClientId(1), seq, "k" + random.nextInt(4), "v" + seq));
            }
        } else if (roll < 970) {
            int i = random.nextInt(size);
            if (cluster.member(i).up) cluster.readIndex(i, ++requestIds);
        } else if (roll < 990) {
            if (random.nextInt(3) > 0) cluster.heal();
            else cluster.isolate(random.nextInt(size));
        } else if (crashes && roll < 995) {
            int i = random.nextInt(size);
            if (cluster.member(i).up) cluster.crash(i);
            else cluster.restart(i);
        } else if (roll >= 995) {
            // §7: a server snapshots what it applied and drops its log up to there, at any point of the schedule.
            int i = random.nextInt(size);
            TestCluster.Member m = cluster.member(i);
            if (random.nextBoolean()) {
                if (m.up && m.kv.appliedIndex() > m.node.snapshotIndex()) cluster.compact(i);
            } else if (m.up && m.node.role() == Role.LEADER) {
                // Thesis §3.10: hand leadership to a random peer, under the same drops, reordering and crashes.
                m.node.transferLeadership(NodeId.of((i + 1 + random.nextInt(size - 1)) % size));
                cluster.drain(m);
            }
        }
    }

    private void deliverSomething() {
        if (cluster.network.isEmpty()) return;
        int k = random.nextInt(cluster.network.size()); // any order: reordering
        double p = random.nextDouble();
        if (p < dropProbability) {
            cluster.network.remove(k);
        } else if (p < dropProbability + duplicateProbability) {
            Message copy = cluster.network.get(k);
            cluster.deliverAt(k);
            cluster.network.add(copy); // delivered again later
        } else {
            cluster.deliverAt(k);
        }
    }

    /** Heal everything, restart crashed servers, and run fair rounds until the cluster converges on a leader. */
    int healAndConverge(int maxRounds) {
        cluster.heal();
        for (int i = 0; i < cluster.members.size(); i++) if (!cluster.member(i).up) cluster.restart(i);
        return cluster.awaitConvergence(maxRounds);
    }
}
