package multidriver.server;

import multidriver.core.kv.KvCommand;

/**
 * A client request handed to the server core. The core completes {@link #answer()} exactly once, at the latest
 * when {@code deadlineNs} (a value of the core's {@link multidriver.server.io.Clock}) passes.
 */
public sealed interface ClientRequest {
    Answer answer();

    long deadlineNs();

    /** A replicated command (put, cas, delete): answered once its log entry is applied (§5.3, §8). */
    record Write(KvCommand command, long deadlineNs, Answer answer) implements ClientRequest {
    }

    /** A linearizable read via ReadIndex (thesis §6.4), or a local read when the node runs with stale reads on. */
    record Read(String key, long deadlineNs, Answer answer) implements ClientRequest {
    }

    /**
     * Hand leadership to server {@code target} (thesis §3.10). Answered at once: {@code Done} (index = the term the
     * leader hands over from) when the transfer started, {@code Conflict} while another runs, {@code NotLeader}.
     */
    record TransferLeadership(int target, long deadlineNs, Answer answer) implements ClientRequest {
    }

    /**
     * Change the configuration (thesis §4.1: one member added, removed or changed), applied to the leader's current
     * one. Answered {@code Done} (index = the configuration entry's) once the entry is applied, {@code Invalid} when
     * it changes nothing or would remove the last voter, {@code Conflict} while another change is uncommitted (or a
     * learner has not caught up), {@code NotLeader}, or like a write when leadership is lost first.
     */
    record ChangeMembership(MembershipChange change, long deadlineNs, Answer answer) implements ClientRequest {
    }
}
