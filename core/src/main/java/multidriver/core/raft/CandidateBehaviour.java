package multidriver.core.raft;

import java.util.Arrays;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.InstallSnapshot;
import multidriver.core.raft.message.Message;
import multidriver.core.raft.message.RequestVoteResponse;

/**
 * A (pre-)candidate counts votes (§5.2) or PreVotes (thesis §9.6): a quorum of grants moves it on, a quorum of
 * rejections sends it back to follower, and a leader of its term makes it follow.
 */
final class CandidateBehaviour implements RoleBehaviour {
    private final RaftNode node;
    private final boolean[] responded;
    private final boolean[] granted;

    CandidateBehaviour(RaftNode node, int peerCount) {
        this.node = node;
        this.responded = new boolean[peerCount];
        this.granted = new boolean[peerCount];
    }

    /** Forget the previous round's answers. */
    void reset() {
        Arrays.fill(responded, false);
        Arrays.fill(granted, false);
    }

    @Override
    public void tick() {
        node.tickElection();
    }

    @Override
    public void step(Message m) {
        if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
            // §5.2: an append or heartbeat of our term comes from the legitimate leader of the term.
            node.becomeFollower(node.term, m.from());
            node.roleBehaviour().step(m);
        } else if (m instanceof RequestVoteResponse r) {
            boolean preCandidate = node.role() == Role.PRE_CANDIDATE;
            if (r.preVote() != preCandidate) return; // an answer to an earlier phase
            // A PreVote is granted at the term we would campaign in; a grant at any other term answers an older round.
            if (r.preVote() && r.granted() && r.term() != node.term + 1) return;
            int i = node.peerIndex(r.from());
            responded[i] = true;
            granted[i] = r.granted();
            int grants = 1; // our own
            int rejections = 0;
            for (int p = 0; p < responded.length; p++) {
                if (responded[p]) {
                    if (granted[p]) grants++;
                    else rejections++;
                }
            }
            if (grants >= node.quorum) {
                if (preCandidate) node.campaign(false);
                else node.becomeLeader();
            } else if (rejections >= node.quorum) {
                node.becomeFollower(node.term, null);
            }
        }
    }
}
