package multidriver.core.kv;

import java.util.Objects;

/**
 * A command of the replicated key-value store. Every command carries its client session: {@code clientId} and a
 * per-client sequence number starting at 1, so that a retried command is applied once and answered with its first
 * result (thesis §6.3). {@code seq == 0} means "no session": applied every time it is submitted.
 */
public sealed interface KvCommand permits KvCommand.Get, KvCommand.Put, KvCommand.Cas, KvCommand.Delete {
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
}
