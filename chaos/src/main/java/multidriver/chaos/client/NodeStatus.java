package multidriver.chaos.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node's {@code GET /status}, the fields the chaos run uses.
 *
 * @param leader the leader id the node believes in, or -1 when it knows none
 */
public record NodeStatus(int id, String role, long term, int leader, long commitIndex, long lastApplied) {
    public static final int NO_LEADER = -1;

    public boolean isLeader() {
        return "LEADER".equals(role);
    }

    static NodeStatus fromJson(JsonNode json) {
        JsonNode leader = json.path("leader");
        return new NodeStatus(json.path("id").asInt(-1), json.path("role").asText("UNKNOWN"), json.path("term").asLong(-1),
                leader.isNumber() ? leader.asInt() : NO_LEADER, json.path("commitIndex").asLong(-1),
                json.path("lastApplied").asLong(-1));
    }
}
