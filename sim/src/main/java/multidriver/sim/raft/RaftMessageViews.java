package multidriver.sim.raft;

import java.io.IOException;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.AppendEntriesResponse;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.HeartbeatResponse;
import multidriver.core.raft.message.InstallSnapshot;
import multidriver.core.raft.message.InstallSnapshotResponse;
import multidriver.core.raft.message.Message;
import multidriver.core.raft.message.RequestVote;
import multidriver.core.raft.message.RequestVoteResponse;
import multidriver.core.raft.message.TimeoutNow;
import multidriver.server.PeerForward;
import multidriver.server.codec.ForwardCodec;
import multidriver.server.codec.MessageCodec;
import multidriver.sim.api.MessageView;

/**
 * The explorer's view of one peer frame of the project's node, decoded by the codec the node itself uses: its kind
 * (vote, append, heartbeat, snapshot, timeout-now, forward) and a short label with the fields that explain elections
 * and replication (§5.2, §5.3: terms, the candidate's last log entry, prev index/term, entry count, commit index).
 */
final class RaftMessageViews {
    private RaftMessageViews() {
    }

    static MessageView of(byte[] bytes) {
        try {
            if (ForwardCodec.isForward(bytes, 0, bytes.length)) {
                PeerForward f = ForwardCodec.fromBytes(bytes, 0, bytes.length);
                return new MessageView("forward", f instanceof PeerForward.Request r ? "forward request #" + r.forwardId()
                        : "forward reply #" + ((PeerForward.Reply) f).forwardId());
            }
            return of(MessageCodec.fromBytes(bytes, 0, bytes.length));
        } catch (IOException | RuntimeException e) {
            return new MessageView("message", "undecodable frame of " + bytes.length + " bytes: " + e.getMessage());
        }
    }

    static MessageView of(Message m) {
        if (m instanceof RequestVote v) {
            return new MessageView("vote", (v.preVote() ? "PreVote" : "RequestVote") + " t" + v.term() + " last "
                    + v.lastLogIndex() + "/t" + v.lastLogTerm() + (v.transfer() ? " (transfer)" : ""));
        }
        if (m instanceof RequestVoteResponse r) {
            return new MessageView("vote", (r.preVote() ? "PreVote" : "Vote") + " t" + r.term()
                    + (r.granted() ? " granted" : " refused"));
        }
        if (m instanceof AppendEntries a) {
            return new MessageView(a.entries().isEmpty() ? "heartbeat" : "append", "AppendEntries t" + a.term()
                    + " prev " + a.prevLogIndex() + "/t" + a.prevLogTerm() + " +" + a.entries().size() + " commit "
                    + a.leaderCommit());
        }
        if (m instanceof AppendEntriesResponse r) {
            return new MessageView("append", "AppendEntries reply t" + r.term()
                    + (r.success() ? " ok match " + r.matchIndex() : " rejected hint " + r.rejectHint()));
        }
        if (m instanceof Heartbeat h) {
            return new MessageView("heartbeat", "Heartbeat t" + h.term() + " commit " + h.commitIndex()
                    + (h.readContext() != 0 ? " read " + h.readContext() : ""));
        }
        if (m instanceof HeartbeatResponse h) {
            return new MessageView("heartbeat", "Heartbeat reply t" + h.term()
                    + (h.readContext() != 0 ? " read " + h.readContext() : ""));
        }
        if (m instanceof InstallSnapshot s) {
            return new MessageView("snapshot", "InstallSnapshot t" + s.term() + " at " + s.snapshotIndex() + "/t"
                    + s.snapshotTerm() + " bytes " + s.offset() + "+" + s.chunk().length + " of " + s.totalBytes());
        }
        if (m instanceof InstallSnapshotResponse r) {
            return new MessageView("snapshot", "InstallSnapshot reply t" + r.term() + " at " + r.snapshotIndex()
                    + " next " + r.nextOffset());
        }
        TimeoutNow t = (TimeoutNow) m; // Message is sealed: this is the last kind
        return new MessageView("timeout-now", "TimeoutNow t" + t.term() + " leader last " + t.leaderLastIndex());
    }
}
