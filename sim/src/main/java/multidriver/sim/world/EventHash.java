package multidriver.sim.world;

import multidriver.sim.workload.ClientReply;
import multidriver.sim.workload.ClientRequest;

/** What the trace hash folds in for each event: a kind number and a content hash that is the same in every run. */
final class EventHash {
    private EventHash() {
    }

    static int kind(SimEvent event) {
        if (event instanceof SimEvent.Tick) return 1;
        if (event instanceof SimEvent.Deliver) return 2;
        if (event instanceof SimEvent.Request) return 3;
        if (event instanceof SimEvent.Reply) return 4;
        if (event instanceof SimEvent.ClientTimeout) return 5;
        if (event instanceof SimEvent.ClientWake) return 6;
        if (event instanceof SimEvent.FaultStart) return 7;
        if (event instanceof SimEvent.FaultEnd) return 8;
        if (event instanceof SimEvent.Heal) return 9;
        if (event instanceof SimEvent.KillLeader) return 11;
        if (event instanceof SimEvent.Restart) return 12;
        if (event instanceof SimEvent.OperatorWake) return 13;
        return 10;
    }

    /**
     * Content hash of an event. Records of ints, longs, booleans, lists and byte arrays hash the same in every JVM
     * run; enums do not (identity hash), so the only enum-carrying values are hashed by ordinal here.
     */
    static long content(SimEvent event) {
        if (event instanceof SimEvent.Deliver deliver) {
            return java.util.Arrays.hashCode(deliver.bytes()) * 31L + ((long) deliver.from() << 40)
                    + ((long) deliver.to() << 48);
        }
        if (event instanceof SimEvent.Request request) {
            ClientRequest r = request.request();
            return ((long) request.node() << 40) ^ ((long) r.client() << 32) ^ (r.attemptId() * 31 + r.kind().ordinal())
                    ^ (r.value() * 1_000_003L) ^ r.key();
        }
        if (event instanceof SimEvent.Reply reply) {
            ClientReply r = reply.reply();
            long result = r.result() == null ? 0 : r.result().status().ordinal() * 7919L
                    + (r.result().value() == null ? 0 : r.result().value().hashCode());
            return ((long) r.client() << 32) ^ r.attemptId() ^ (r.status().ordinal() * 131L) ^ result
                    ^ ((long) r.leaderHint() << 48);
        }
        return event.hashCode();
    }
}
