package multidriver.core.raft;

import java.util.TreeMap;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.InstallSnapshot;
import multidriver.core.raft.message.Message;
import multidriver.core.raft.message.RequestVoteResponse;

/**
 * A (pre-)candidate counts votes (§5.2) or PreVotes (thesis §9.6): a quorum of grants moves it on, a quorum of
 * rejections sends it back to follower, and a leader of its term makes it follow. Only answers of voters of its
 * configuration count (thesis §4).
 */
final class CandidateBehaviour implements RoleBehaviour {
    private final RaftNode node;
    /** This round's answers: granted or not, per voter that answered. */
    private final TreeMap<NodeId, Boolean> answers = new TreeMap<>();

    CandidateBehaviour(RaftNode node) {
        this.node = node;
    }

    /** Forget the previous round's answers. */
    void reset() {
        answers.clear();
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
            answers.put(r.from(), r.granted());
            int grants = node.selfVotes() ? 1 : 0; // our own
            int rejections = 0;
            for (NodeId v : node.otherVoters()) {
                Boolean granted = answers.get(v);
                if (granted == null) continue;
                if (granted) grants++;
                else rejections++;
            }
            int quorum = node.quorum();
            if (grants >= quorum) {
                if (preCandidate) node.campaign(false);
                else node.becomeLeader();
            } else if (rejections >= quorum) {
                node.becomeFollower(node.term, null);
            }
        }
    }
}
