package multidriver.sim.world;

import java.util.ArrayList;
import java.util.List;
import multidriver.sim.api.ConfigChange;
import multidriver.sim.api.Configuration;
import multidriver.sim.fault.Fault;

/**
 * The operator of the operations guide's membership drills, inside the simulation (thesis §4): for one
 * {@link Fault.MembershipChange} at a time it removes members through the leader's admin path, one change at a time,
 * optionally replaces their machines with empty ones, adds each back as a learner and promotes it once it has caught
 * up. Every step is
 * idempotent: before acting, the operator looks at the leader's configuration and skips what is already done, so a
 * request whose answer was lost (a crash, a timeout) is simply tried again. It keeps working through the liveness,
 * stable and convergence phases, so the cluster ends with every server a voter again. A replaced machine comes back
 * as a new server (a new id): a server must never rejoin under an identity whose votes and log it has lost. It works
 * through the public {@link multidriver.sim.api.Reconfigurable} view of the leader; a system without it is left alone.
 */
final class MembershipOperator {
    /** What the operator needs from the world. */
    interface World {
        long nowMs();

        SimNode[] nodes();

        /** The live leader with the highest term, or -1. */
        int liveLeader();

        List<Integer> core();

        /** Schedules {@link SimEvent.OperatorWake} at {@code atMs}. */
        void wake(long atMs, long generation);

        /** Crashes the server and replaces its machine by an empty one; it stays down until {@link #startNode}. */
        void replaceMachine(int node);

        void startNode(int node);

        void note(int node, String label);
    }

    private enum Step { REMOVE, WAIT, ADD, PROMOTE }

    /** How often a step is retried while it is not done. */
    static final long RETRY_MS = 100;

    private final World world;
    private Fault.MembershipChange fault;
    /** The members this change removes and re-adds, in order, and the one the current step works on. */
    private final List<Integer> targets = new ArrayList<>();
    private int position;
    private int target = -1;
    private Step step;
    /** A server whose machine was replaced while it was a member: removed before its successor is added. */
    private Integer staleMember;
    private long generation;
    private long changesCommitted;
    private long replacements;

    MembershipOperator(World world) {
        this.world = world;
    }

    boolean busy() {
        return fault != null;
    }

    long changesCommitted() {
        return changesCommitted;
    }

    long replacements() {
        return replacements;
    }

    /** Starts {@code f} unless another change is under way or no member may be removed safely now. */
    void start(Fault.MembershipChange f) {
        if (busy()) return;
        int leader = world.liveLeader();
        if (leader < 0) return;
        Configuration now = world.nodes()[leader].configuration();
        if (now == null) return; // the system cannot change members
        if (now.voterCount() < world.nodes().length || !now.learners().isEmpty()) return; // still repairing
        targets.clear();
        int n = world.nodes().length;
        for (int k = 0; k < f.count(); k++) {
            int chosen = -1;
            if (k == 0 && f.leader() && removable(now, leader)) chosen = leader;
            for (int i = 0; chosen < 0 && i < n; i++) {
                int candidate = (leader + 1 + f.targetShift() + i) % n;
                if (candidate != leader && removable(now, candidate)) chosen = candidate;
            }
            if (chosen < 0) break;
            targets.add(chosen);
            now = now.without(server(chosen));
        }
        if (targets.isEmpty()) return;
        fault = f;
        position = 0;
        target = targets.get(0);
        step = Step.REMOVE;
        world.note(target, (f.replace() ? "replace " : "remove and re-add ") + targets);
        act();
    }

    /** Without {@code id}, the healed core must still be a majority of the voters, or liveness could not be asked. */
    private boolean removable(Configuration now, int slot) {
        if (!now.isVoter(server(slot))) return false;
        int coreVoters = 0;
        for (int c : world.core()) if (c != slot && now.isVoter(server(c))) coreVoters++;
        return coreVoters >= (now.voterCount() - 1) / 2 + 1;
    }

    /** The node machine {@code slot} runs now (a replaced machine runs a new one). */
    private int server(int slot) {
        return world.nodes()[slot].nodeId();
    }

    void onWake(long wakeGeneration) {
        if (busy() && wakeGeneration == generation) act();
    }

    /** Does what the current step needs, or asks again later. */
    private void act() {
        generation++;
        long now = world.nowMs();
        if (step == Step.WAIT) {
            if (now < fault.untilMs()) {
                world.wake(fault.untilMs(), generation);
                return;
            }
            if (fault.replace()) for (int t : targets) world.startNode(t);
            // Members of the healed core come back first: every configuration on the way back then keeps the core a
            // majority of its voters (a quorum only grows with the voters, and the core is complete before the rest).
            List<Integer> coreFirst = new ArrayList<>();
            for (int t : targets) if (world.core().contains(t)) coreFirst.add(t);
            for (int t : targets) if (!world.core().contains(t)) coreFirst.add(t);
            targets.clear();
            targets.addAll(coreFirst);
            position = 0;
            target = targets.get(0);
            step = Step.ADD;
        }
        if ((step == Step.ADD || step == Step.PROMOTE) && world.nodes()[target].refusedForGood()) {
            // Its disk was damaged meanwhile (another fault): the operator replaces the machine, as the guide says,
            // removing the lost server from the configuration before its successor is added again.
            staleMember = server(target);
            world.replaceMachine(target);
            replacements++;
            world.startNode(target);
            step = Step.ADD;
        }
        int leader = world.liveLeader();
        if (leader < 0) {
            world.wake(now + RETRY_MS, generation);
            return;
        }
        Configuration current = world.nodes()[leader].configuration();
        if (current == null) {
            world.wake(now + RETRY_MS, generation);
            return;
        }
        boolean committed = current.committed();
        // A lost server still in the configuration goes first; its removal must commit before the step goes on.
        if (staleMember != null && !current.contains(staleMember) && committed) staleMember = null;
        int id = server(target);
        ConfigChange next = staleMember != null
                ? (current.contains(staleMember) ? new ConfigChange.Remove(staleMember) : null)
                : switch (step) {
                    case REMOVE -> current.contains(id) ? new ConfigChange.Remove(id) : null;
                    case ADD -> current.contains(id) ? null : new ConfigChange.AddLearner(id);
                    case PROMOTE -> current.isVoter(id) ? null : new ConfigChange.Promote(id);
                    case WAIT -> throw new IllegalStateException("handled above");
                };
        if (next == null) {
            if (!committed) { // done in the log, not yet committed: look again shortly
                world.wake(now + RETRY_MS, generation);
                return;
            }
            advance();
            return;
        }
        long asked = generation;
        world.nodes()[leader].changeMembership(next, outcome -> answered(asked, outcome));
        if (asked == generation) world.wake(now + RETRY_MS, generation); // no answer yet: look again later anyway
    }

    /** A request's outcome: done moves on at once; anything else is retried from the world's state later. */
    private void answered(long asked, boolean done) {
        if (!busy() || asked != generation) return;
        if (done) {
            changesCommitted++;
            generation++;
            world.wake(world.nowMs(), generation); // act on the next event, outside the server's drain
        }
    }

    private void advance() {
        switch (step) {
            case REMOVE -> {
                if (fault.replace()) {
                    world.replaceMachine(target);
                    replacements++;
                }
                if (++position < targets.size()) {
                    target = targets.get(position);
                } else {
                    position = 0;
                    target = targets.get(0);
                    step = Step.WAIT;
                }
                act();
            }
            case ADD -> {
                step = Step.PROMOTE;
                act();
            }
            case PROMOTE -> {
                world.note(target, "n" + target + " is a voter again");
                if (++position < targets.size()) {
                    target = targets.get(position);
                    step = Step.ADD;
                    act();
                    return;
                }
                fault = null;
                target = -1;
                step = null;
                staleMember = null;
                generation++;
            }
            case WAIT -> throw new IllegalStateException("handled in act");
        }
    }
}
