package multidriver.chaos.nemesis;

import java.time.Duration;
import java.util.OptionalInt;
import multidriver.chaos.client.Reply;

/**
 * Hands leadership to a random other member (thesis §3.10, {@code POST /cluster/transfer-leadership}): the leader
 * stops taking writes, brings the target up to date and tells it to campaign at once. Writes in flight meanwhile
 * are refused or retried; none may be lost or applied twice. Nothing to undo: the transfer completes or is abandoned
 * by itself within an election timeout.
 */
final class TransferNemesis implements Nemesis {
    @Override
    public String name() {
        return "transfer";
    }

    @Override
    public ActiveFault start(NemesisContext context) {
        OptionalInt leader = context.leader();
        if (leader.isEmpty() || context.nodes() < 2) {
            return new ActiveFault(name(), "no leader to hand over from", () -> { });
        }
        int target = (leader.getAsInt() + 1 + context.random().nextInt(context.nodes() - 1)) % context.nodes();
        Reply reply = context.probe().admin("POST", "/cluster/transfer-leadership", "{\"to\":" + target + "}",
                Duration.ofSeconds(5));
        return new ActiveFault(name(), "node-" + leader.getAsInt() + " -> node-" + target + " (" + describe(reply) + ")",
                () -> { });
    }

    static String describe(Reply reply) {
        if (reply instanceof Reply.Answered a) return "HTTP " + a.status();
        if (reply instanceof Reply.NotSent n) return "not sent: " + n.reason();
        return "lost: " + ((Reply.Lost) reply).reason();
    }
}
