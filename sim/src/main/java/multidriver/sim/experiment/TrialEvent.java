package multidriver.sim.experiment;

import multidriver.core.raft.message.Message;

/** What can happen in a trial's world: a server's clock ticks, a message arrives, or a server's fsync completes. */
sealed interface TrialEvent {
    /** Server {@code server}'s tick (one tick of the options' {@code tickUs}). */
    record Tick(int server) implements TrialEvent {
    }

    /** {@code message} reaches its addressee. */
    record Deliver(Message message) implements TrialEvent {
    }

    /** Server {@code server}'s pending Ready is durable on its disk: its messages may now leave. */
    record Synced(int server) implements TrialEvent {
    }
}
