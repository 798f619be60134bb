package multidriver.core.kv;

import java.util.Objects;

/**
 * A command of the replicated key-value store. Every command carries its client session: {@code clientId} and a
 * per-client sequence number starting at 1, so that a retried command is applied once and answered with its first
 * result (thesis §6.3). {@code seq == 0} means "no session": applied every time it is submitted. A client gets its
 * id from the log: {@link Register} is applied like any command and the id is the index of its entry.
 */
public sealed interface KvCommand permits KvCommand.Get, KvCommand.Put, KvCommand.Cas, KvCommand.Delete,
        KvCommand.Register, FileCommand {
    ClientId clientId();

    long seq();

    String key();

    /**
     * Who sent the command: the name of the credential the client authenticated with ({@code ""}: anonymous). A
     * session belongs to the owner that registered it, and the state machine refuses its sequence numbers to anyone
     * else (a stranger must not answer or poison another client's session).
     */
    String owner();

    /** Reads through the log (an alternative to ReadIndex that is linearizable too). */
    record Get(ClientId clientId, long seq, String key, String owner) implements KvCommand {
        public Get {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(owner, "owner");
        }

        public Get(ClientId clientId, long seq, String key) {
            this(clientId, seq, key, "");
        }
    }

    record Put(ClientId clientId, long seq, String key, String value, String owner) implements KvCommand {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(owner, "owner");
        }

        public Put(ClientId clientId, long seq, String key, String value) {
            this(clientId, seq, key, value, "");
        }
    }

    /** Sets {@code key} to {@code value} iff its current value equals {@code expected} ({@code null}: absent). */
    record Cas(ClientId clientId, long seq, String key, String expected, String value, String owner)
            implements KvCommand {
        public Cas {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(owner, "owner");
        }

        public Cas(ClientId clientId, long seq, String key, String expected, String value) {
            this(clientId, seq, key, expected, value, "");
        }
    }

    record Delete(ClientId clientId, long seq, String key, String owner) implements KvCommand {
        public Delete {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(owner, "owner");
        }

        public Delete(ClientId clientId, long seq, String key) {
            this(clientId, seq, key, "");
        }
    }

    /**
     * Opens a client session (thesis §6.3): every replica creates it when applying this entry, and the client's id is
     * the entry's log index, unique in the cluster's history. It has no session and no key of its own; the session
     * belongs to {@code owner}.
     */
    record Register(String owner) implements KvCommand {
        public Register {
            Objects.requireNonNull(owner, "owner");
        }

        public Register() {
            this("");
        }

        @Override
        public ClientId clientId() {
            return new ClientId(0);
        }

        @Override
        public long seq() {
            return 0;
        }

        @Override
        public String key() {
            return "";
        }
    }
}
