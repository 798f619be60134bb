package multidriver.sim.api;

import java.util.List;
import java.util.random.RandomGenerator;
import multidriver.server.io.FileSystem;

/**
 * What a {@link SimulatedNode} may use: its identity, the network, timers, its clock, a seeded random generator, its
 * disk, and the clients. Valid for one start of the process: after a crash every call is ignored.
 */
public interface NodeContext {
    /** This node's id. A machine replaced by an empty one runs a new id (see {@link #joining}). */
    int nodeId();

    /** The ids of the cluster's other nodes when it was formed, in order. */
    List<Integer> peerIds();

    /**
     * True when this process starts on an empty disk to join a running cluster (its machine was replaced); false for
     * a node of the cluster as formed. A joining node must not act as a founding member (thesis §4.1).
     */
    boolean joining();

    /**
     * True on the first start of this machine's disk (the cluster being formed, or a replaced machine joining): a
     * node may then create its storage from nothing. Later an empty or missing log is damage, not a new node.
     */
    boolean firstStart();

    /** Sends {@code message} to node {@code toNodeId}; it may be lost, delayed, duplicated or reordered. */
    void send(int toNodeId, byte[] message);

    /** This node's clock in ms. It does not start at zero and may run a little fast or slow (clock skew). */
    long nowMs();

    /**
     * Sets a timer that fires when this node's clock reads {@code nowMs() + delayMs}, as {@link SimulatedNode#onTimer};
     * returns its id. At most {@link #MAX_TIMERS} may be pending at once.
     */
    long setTimer(long delayMs);

    /** Cancels a pending timer; cancelling one that fired or never existed does nothing. */
    void cancelTimer(long timerId);

    int MAX_TIMERS = 10_000;

    /** A generator seeded by the schedule: the node's only source of randomness. */
    RandomGenerator random();

    /**
     * The node's disk: what was written is lost on power failure unless synced, and the disk faults of the schedule
     * (torn and misdirected writes, bit flips, read and fsync errors, a full disk) happen here.
     */
    FileSystem disk();

    /** Answers a client's request (the client takes the first answer to its attempt and ignores the rest). */
    void reply(KvRequest request, KvReply reply);
}
