package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/**
 * Everything one Raft server says to another. Closed set: drivers (simulator, TCP codec) switch over it
 * exhaustively. Every message carries the sender's term so that term handling happens once, before role
 * dispatch (§5.1: a server that sees a higher term adopts it and becomes follower).
 */
public sealed interface Message
        permits RequestVote, RequestVoteResponse, AppendEntries, AppendEntriesResponse, Heartbeat, HeartbeatResponse,
        InstallSnapshot, InstallSnapshotResponse, TimeoutNow {
    NodeId from();

    NodeId to();

    long term();
}
