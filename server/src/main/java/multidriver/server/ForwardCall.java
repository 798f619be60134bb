package multidriver.server;

import java.util.Objects;
import multidriver.core.kv.KvCommand;

/**
 * The part of a {@link ClientRequest} that travels to the leader: what to do, without the follower's deadline (a
 * time on the follower's clock) or its answer (an object on the follower).
 */
public sealed interface ForwardCall {
    /** The request on the receiving server, with its own deadline and answer. */
    ClientRequest toRequest(long deadlineNs, Answer answer);

    /** About what it takes in memory and on the wire (the bound on what a follower keeps in flight). */
    default long sizeBytes() {
        if (this instanceof Write w) {
            KvCommand c = w.command();
            long bytes = 64 + c.key().length() * 3L;
            if (c instanceof KvCommand.Put p) bytes += p.value().length() * 3L;
            if (c instanceof multidriver.core.kv.FileCommand.Chunk chunk) bytes += chunk.bytes().length;
            if (c instanceof KvCommand.Cas cas) {
                bytes += cas.value().length() * 3L + (cas.expected() == null ? 0 : cas.expected().length() * 3L);
            }
            return bytes;
        }
        return this instanceof Read r ? 64 + r.key().length() * 3L : 256;
    }

    record Write(KvCommand command) implements ForwardCall {
        public Write {
            Objects.requireNonNull(command, "command");
        }

        @Override
        public ClientRequest toRequest(long deadlineNs, Answer answer) {
            return new ClientRequest.Write(command, deadlineNs, answer);
        }
    }

    record Read(String key) implements ForwardCall {
        public Read {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public ClientRequest toRequest(long deadlineNs, Answer answer) {
            return new ClientRequest.Read(key, deadlineNs, answer);
        }
    }

    record TransferLeadership(int target) implements ForwardCall {
        @Override
        public ClientRequest toRequest(long deadlineNs, Answer answer) {
            return new ClientRequest.TransferLeadership(target, deadlineNs, answer);
        }
    }

    record ChangeMembership(MembershipChange change) implements ForwardCall {
        public ChangeMembership {
            Objects.requireNonNull(change, "change");
        }

        @Override
        public ClientRequest toRequest(long deadlineNs, Answer answer) {
            return new ClientRequest.ChangeMembership(change, deadlineNs, answer);
        }
    }

    /** What {@code request} asks, to be run elsewhere. */
    static ForwardCall of(ClientRequest request) {
        if (request instanceof ClientRequest.Write w) return new Write(w.command());
        if (request instanceof ClientRequest.Read r) return new Read(r.key());
        if (request instanceof ClientRequest.TransferLeadership t) return new TransferLeadership(t.target());
        return new ChangeMembership(((ClientRequest.ChangeMembership) request).change());
    }
}
