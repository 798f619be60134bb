package multidriver.server;

import java.util.Objects;
import multidriver.core.raft.Member;
import multidriver.core.raft.Membership;
import multidriver.core.raft.NodeId;

/**
 * One single-server configuration change an operator asks for (thesis §4.1), applied by the leader to the
 * configuration it holds at that moment, so that a change computed from a stale view can never undo another.
 */
public sealed interface MembershipChange {
    /** The configuration after this change, from {@code current}. */
    Membership applyTo(Membership current);

    /** Adds {@code member}, or changes the member of its id (a learner promoted to voter, a new address). */
    record AddMember(Member member) implements MembershipChange {
        public AddMember {
            Objects.requireNonNull(member, "member");
        }

        @Override
        public Membership applyTo(Membership current) {
            return current.with(member);
        }
    }

    /** Removes member {@code id}. */
    record RemoveMember(NodeId id) implements MembershipChange {
        public RemoveMember {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public Membership applyTo(Membership current) {
            return current.without(id);
        }
    }
}
