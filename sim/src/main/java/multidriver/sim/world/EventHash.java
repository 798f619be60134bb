package multidriver.sim.world;

import multidriver.sim.workload.ClientReply;
import multidriver.sim.workload.ClientRequest;

/** What the trace hash folds in for each event: a kind number and a content hash that is the same in every run. */
final class EventHash {
    private EventHash() {
    }

    static int kind(SimEvent event) {
        if (event instanceof SimEvent.Timer) return 1;
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
            return ((long) r.client() << 32) ^ r.attemptId() ^ replyHash(r.reply());
        }
        return event.hashCode();
    }

    /** The answer's kind and content (records of Longs and ints hash alike in every run). */
    private static long replyHash(multidriver.sim.api.KvReply reply) {
        long kind;
        if (reply instanceof multidriver.sim.api.KvReply.Value) kind = 1;
        else if (reply instanceof multidriver.sim.api.KvReply.Written) kind = 2;
        else if (reply instanceof multidriver.sim.api.KvReply.Swapped) kind = 3;
        else if (reply instanceof multidriver.sim.api.KvReply.CasFailed) kind = 4;
        else if (reply instanceof multidriver.sim.api.KvReply.NotLeader) kind = 5;
        else if (reply instanceof multidriver.sim.api.KvReply.SessionOpened) kind = 6;
        else kind = 7;
        return kind * 7919L + ((long) reply.hashCode() << 20);
    }
}
