package multidriver.core.raft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A cluster configuration (thesis §4): its members ordered by id, each a voter or a learner. Changes are
 * single-server (thesis §4.1): a new configuration differs from the one before it in one member only, so any
 * majority of the old voters and any majority of the new ones share a server, and no two leaders can be elected in
 * one term across the change. Immutable.
 */
public record Membership(List<Member> members) {
    public static final Membership EMPTY = new Membership(List.of());

    public Membership {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Member::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException("member " + sorted.get(i).id() + " appears twice");
            }
        }
        if (sorted.size() > RaftNode.MAX_CLUSTER_SIZE) {
            throw new IllegalArgumentException("configuration of " + sorted.size() + " members > "
                    + RaftNode.MAX_CLUSTER_SIZE);
        }
        members = List.copyOf(sorted);
    }

    /** Every server a voter, with no addresses: a fixed cluster as the simulator and tests start it. */
    public static Membership ofVoters(Collection<NodeId> ids) {
        List<Member> members = new ArrayList<>();
        for (NodeId id : new TreeSet<>(ids)) members.add(Member.voter(id));
        return new Membership(members);
    }

    public List<NodeId> voters() {
        List<NodeId> out = new ArrayList<>();
        for (Member m : members) if (m.voter()) out.add(m.id());
        return out;
    }

    public List<NodeId> learners() {
        List<NodeId> out = new ArrayList<>();
        for (Member m : members) if (m.learner()) out.add(m.id());
        return out;
    }

    /** Every member's id, voters and learners, in id order. */
    public List<NodeId> ids() {
        List<NodeId> out = new ArrayList<>(members.size());
        for (Member m : members) out.add(m.id());
        return out;
    }

    public Optional<Member> member(NodeId id) {
        for (Member m : members) if (m.id().equals(id)) return Optional.of(m);
        return Optional.empty();
    }

    public boolean contains(NodeId id) {
        return member(id).isPresent();
    }

    public boolean isVoter(NodeId id) {
        return member(id).filter(Member::voter).isPresent();
    }

    public int voterCount() {
        int n = 0;
        for (Member m : members) if (m.voter()) n++;
        return n;
    }

    /** Votes that make a majority of the voters (§5.2); learners never count. */
    public int quorum() {
        return voterCount() / 2 + 1;
    }

    /** This configuration with {@code member} added, or replacing the member of its id. */
    public Membership with(Member member) {
        List<Member> next = new ArrayList<>();
        for (Member m : members) if (!m.id().equals(member.id())) next.add(m);
        next.add(member);
        return new Membership(next);
    }

    /** This configuration without {@code id}. */
    public Membership without(NodeId id) {
        List<Member> next = new ArrayList<>();
        for (Member m : members) if (!m.id().equals(id)) next.add(m);
        return new Membership(next);
    }

    /**
     * Why {@code next} may not follow this configuration, or empty when it may: exactly one member is added, removed
     * or changed (thesis §4.1, single-server changes), and at least one voter remains.
     */
    public Optional<String> singleChangeProblem(Membership next) {
        TreeSet<NodeId> all = new TreeSet<>(ids());
        all.addAll(next.ids());
        int changed = 0;
        for (NodeId id : all) if (!member(id).equals(next.member(id))) changed++;
        if (changed == 0) return Optional.of("the configuration is unchanged");
        if (changed > 1) {
            return Optional.of("a change must add, remove or change one member at a time (thesis §4.1); " + changed
                    + " differ: " + this + " -> " + next);
        }
        if (next.voterCount() == 0) return Optional.of("the last voter cannot be removed");
        return Optional.empty();
    }

    @Override
    public String toString() {
        return members.toString();
    }
}
