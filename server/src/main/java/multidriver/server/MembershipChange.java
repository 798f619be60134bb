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

    /**
     * Adds server {@code id} or changes it, resolved against the leader's configuration rather than the view of the
     * server that took the request (which may be behind): {@code learner} null keeps a member's role and makes a new
     * one a learner; {@code address} null keeps a member's address and is refused for a new one.
     */
    record SetMember(NodeId id, Boolean learner, String address) implements MembershipChange {
        public SetMember {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public Membership applyTo(Membership current) {
            java.util.Optional<Member> existing = current.member(id);
            boolean asLearner = learner != null ? learner : existing.map(Member::learner).orElse(true);
            String at = address != null ? address : existing.map(Member::address).orElseThrow(
                    () -> new IllegalArgumentException("a new member needs \"raftAddress\" and \"httpAddress\""));
            return current.with(new Member(id, asLearner, at));
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
