package multidriver.sim.workload;

import multidriver.core.kv.KvResult;

/**
 * A node's answer to one attempt. {@code NOT_LEADER} carries the node's guess of the leader ({@code -1}: none);
 * {@code RESULT} carries the state machine's result.
 */
public record ClientReply(int client, long attemptId, Status status, KvResult result, int leaderHint) {
    public enum Status { RESULT, NOT_LEADER }

    public static ClientReply result(ClientRequest request, KvResult result) {
        return new ClientReply(request.client(), request.attemptId(), Status.RESULT, result, -1);
    }

    public static ClientReply notLeader(ClientRequest request, int leaderHint) {
        return new ClientReply(request.client(), request.attemptId(), Status.NOT_LEADER, null, leaderHint);
    }
}
