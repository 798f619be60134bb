package multidriver.core.raft;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One server of a cluster configuration (thesis §4): a voter counts in elections and commitment, a learner (thesis
 * §4.2.1, "non-voting member") only receives the log. {@code address} is opaque to the core: drivers keep there
 * whatever lets every member reach this one (the node keeps its Raft and HTTP addresses; the simulator none).
 */
public record Member(NodeId id, boolean learner, String address) {
    /** Bound on an address's UTF-8 bytes (it travels in every configuration entry). */
    public static final int MAX_ADDRESS_BYTES = 255;

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        if (address.getBytes(StandardCharsets.UTF_8).length > MAX_ADDRESS_BYTES) {
            throw new IllegalArgumentException("address of " + id + " is longer than " + MAX_ADDRESS_BYTES + " bytes");
        }
        for (int i = 0; i < address.length(); i++) {
            if (Character.isISOControl(address.charAt(i))) {
                throw new IllegalArgumentException("address of " + id + " holds a control character at " + i);
            }
        }
    }

    public static Member voter(NodeId id) {
        return new Member(id, false, "");
    }

    public boolean voter() {
        return !learner;
    }

    @Override
    public String toString() {
        return id + (learner ? "(learner)" : "") + (address.isEmpty() ? "" : "@" + address);
    }
}
