package multidriver.sim.workload;

import multidriver.sim.api.KvReply;

/**
 * A node's answer to one attempt of a client, as it reaches the client. A {@link KvReply.NotLeader} hint names a
 * machine here ({@code -1}: none).
 */
public record ClientReply(int client, long attemptId, KvReply reply) {
}
