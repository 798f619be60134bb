package multidriver.chaos.nemesis;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import multidriver.chaos.client.NodeHttp;
import multidriver.chaos.client.Reply;

/**
 * Removes a member from the configuration and adds it back (thesis §4, the node's admin API): start removes a
 * random member (the leader itself a third of the time: it must hand over and step down, §4.2.2) with
 * {@code DELETE /cluster/members/{id}}; the removed server keeps running with its disk, cut off from the others.
 * Stop adds it back as a learner and promotes it once it has caught up ({@code POST /cluster/members}). Writes go on
 * throughout and are checked as always.
 */
final class MembershipNemesis implements Nemesis {
    /** Bound on each admin step (a change waits for its commit; a promotion for the learner to catch up). */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "membership";
    }

    @Override
    public ActiveFault start(NemesisContext context) {
        OptionalInt leader = context.leader();
        if (leader.isEmpty()) return new ActiveFault(name(), "no leader: nothing removed", () -> { });
        int victim = context.random().nextInt(3) == 0 ? leader.getAsInt() : context.random().nextInt(context.nodes());
        Optional<JsonNode> member = member(context, victim);
        if (member.isEmpty()) return new ActiveFault(name(), "node-" + victim + " is no member", () -> { });
        String address = member.get().path("address").asText();
        String httpAddress = member.get().path("httpAddress").asText();
        Reply removed = context.probe().admin("DELETE", "/cluster/members/" + victim, null, STEP_TIMEOUT);
        String what = "remove node-" + victim + (victim == leader.getAsInt() ? " (the leader)" : "") + ": "
                + TransferNemesis.describe(removed);
        return new ActiveFault(name(), what, () -> readd(context, victim, address, httpAddress));
    }

    /** Adds {@code id} back as a learner, then promotes it; each step retried until done or its bound. */
    private static void readd(NemesisContext context, int id, String address, String httpAddress) {
        if (member(context, id).isEmpty()) {
            context.probe().admin("POST", "/cluster/members", "{\"id\":" + id + ",\"raftAddress\":\"" + address
                    + "\",\"httpAddress\":\"" + httpAddress + "\",\"learner\":true}", STEP_TIMEOUT);
        }
        Reply promoted = context.probe().admin("POST", "/cluster/members", "{\"id\":" + id + ",\"learner\":false}",
                STEP_TIMEOUT);
        if (!(promoted instanceof Reply.Answered a && (a.status() == 200 || isAlreadyVoter(a)))) {
            throw new IllegalStateException("node-" + id + " could not be made a voter again: "
                    + TransferNemesis.describe(promoted));
        }
    }

    /** 400 "unchanged": it is a voter already (an earlier attempt's answer was lost). */
    private static boolean isAlreadyVoter(Reply.Answered a) {
        return a.status() == 400 && a.body().contains("unchanged");
    }

    /** Member {@code id} of the leader's configuration ({@code GET /cluster}), with its addresses. */
    private static Optional<JsonNode> member(NemesisContext context, int id) {
        Reply r = context.probe().admin("GET", "/cluster", null, STEP_TIMEOUT);
        if (!(r instanceof Reply.Answered a) || a.status() != 200) return Optional.empty();
        Optional<JsonNode> json = NodeHttp.parse(a.body());
        if (json.isEmpty()) return Optional.empty();
        for (JsonNode m : json.get().path("members")) {
            if (m.path("id").asInt(-1) == id) return Optional.of(m);
        }
        return Optional.empty();
    }
}
