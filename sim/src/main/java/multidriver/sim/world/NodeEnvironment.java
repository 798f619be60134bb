package multidriver.sim.world;

import java.io.IOException;
import multidriver.sim.api.NodeRole;
import multidriver.sim.workload.ClientReply;

/** What a simulated node process may do to the world around it. */
interface NodeEnvironment {
    /** Simulated (global) time. */
    long nowMs();

    /** Puts bytes from node {@code fromId} on machine {@code fromMachine} for node {@code toId} on the network. */
    void send(int fromMachine, int fromId, int toId, byte[] bytes);

    /** Schedules timer {@code timerId} of incarnation {@code incarnation} of machine {@code machine}. */
    void scheduleTimer(int machine, int incarnation, long timerId, long atMs);

    void reply(ClientReply reply);

    /** The node stopped itself after an I/O error (fail-stop); the world takes the process down. */
    void failStopped(int machine, IOException cause);

    /** The node's role or term changed ({@code role} null: the process is gone). */
    void roleChanged(int machine, NodeRole role);
}
