package multidriver.core.kv;

import java.util.Objects;

/**
 * A command of the replicated key-value store. Every command carries its client session: {@code clientId} and a
 * per-client sequence number starting at 1, so that a retried command is applied once and answered with its first
 * result (thesis §6.3). {@code seq == 0} means "no session": applied every time it is submitted. A client gets its
 * id from the log: {@link Register} is applied like any command and the id is the index of its entry.
 */
public sealed interface KvCommand permits KvCommand.Get, KvCommand.Put, KvCommand.Cas, KvCommand.Delete,
        KvCommand.Register {
    ClientId clientId();

    long seq();

    String key();

    /** Reads through the log (an alternative to ReadIndex that is linearizable too). */
    record Get(ClientId clientId, long seq, String key) implements KvCommand {
        public Get {
            Objects.requireNonNull(key, "key");
        }
    }

    record Put(ClientId clientId, long seq, String key, String value) implements KvCommand {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Sets {@code key} to {@code value} iff its current value equals {@code expected} ({@code null}: absent). */
    record Cas(ClientId clientId, long seq, String key, String expected, String value) implements KvCommand {
        public Cas {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    record Delete(ClientId clientId, long seq, String key) implements KvCommand {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Opens a client session (thesis §6.3): every replica creates it when applying this entry, and the client's id is
     * the entry's log index, unique in the cluster's history. It has no session and no key of its own.
     */
    record Register() implements KvCommand {
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
