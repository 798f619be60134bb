package multidriver.core.kv;

/**
 * Outcome of a {@link KvCommand}.
 * <ul>
 *   <li>{@code OK}: get found the key ({@code value}), put/cas wrote {@code value}, delete removed it
 *       ({@code value} = the removed value);</li>
 *   <li>{@code NOT_FOUND}: get or delete of an absent key ({@code value == null});</li>
 *   <li>{@code CAS_MISMATCH}: cas did nothing, {@code value} is the current value ({@code null} if absent);</li>
 *   <li>{@code SESSION_EXPIRED}: the client's session is unknown (never registered, expired or evicted), or the
 *       sequence number is older than the session's last one; the command was NOT applied now, but an earlier
 *       submission of it may have been: the outcome is unknown;</li>
 *   <li>{@code REQUEST_MISMATCH}: the session's last sequence number came with a different command; this one was
 *       NOT applied (a client bug, or a stranger using the client's id);</li>
 *   <li>{@code FORBIDDEN}: the session belongs to another owner (another credential registered it); NOT applied;</li>
 *   <li>{@code REGISTERED}: a session was opened; {@code value} is the new client id;</li>
 *   <li>{@code INVALID}: the entry does not decode as a command ({@code value} says why); it changed nothing, on
 *       every replica alike.</li>
 * </ul>
 */
public record KvResult(Status status, String value) {
    public enum Status { OK, NOT_FOUND, CAS_MISMATCH, SESSION_EXPIRED, REQUEST_MISMATCH, FORBIDDEN, REGISTERED, INVALID }

    public static KvResult ok(String value) {
        return new KvResult(Status.OK, value);
    }

    public static KvResult notFound() {
        return new KvResult(Status.NOT_FOUND, null);
    }

    public static KvResult casMismatch(String current) {
        return new KvResult(Status.CAS_MISMATCH, current);
    }

    public static KvResult sessionExpired() {
        return new KvResult(Status.SESSION_EXPIRED, null);
    }

    public static KvResult requestMismatch() {
        return new KvResult(Status.REQUEST_MISMATCH, null);
    }

    public static KvResult forbidden() {
        return new KvResult(Status.FORBIDDEN, null);
    }

    public static KvResult registered(long clientId) {
        return new KvResult(Status.REGISTERED, Long.toString(clientId));
    }

    public static KvResult invalid(String reason) {
        return new KvResult(Status.INVALID, reason);
    }

    public boolean isOk() {
        return status == Status.OK;
    }
}
