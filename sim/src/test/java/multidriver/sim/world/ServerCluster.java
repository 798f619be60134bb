package multidriver.sim.world;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import multidriver.core.raft.Membership;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RaftConfig;
import multidriver.core.raft.Role;
import multidriver.core.raft.message.Message;
import multidriver.server.Answer;
import multidriver.server.ClientRequest;
import multidriver.server.Outcome;
import multidriver.server.PeerForward;
import multidriver.server.ServerCore;
import multidriver.server.ServerOptions;
import multidriver.server.codec.ForwardCodec;
import multidriver.server.codec.MessageCodec;
import multidriver.server.io.PeerSender;
import multidriver.sim.disk.SimDisk;

/**
 * Three server cores on simulated disks with a hand-run network and one clock, for tests that read like the
 * protocol: deliver, drop, hold, tick, crash.
 */
/** Three servers, their frames in flight, one clock. */
public final class ServerCluster {
    static final long TIMEOUT_MS = 2_000;

    record Frame(int from, int to, byte[] bytes) {
        boolean isForwardRequest() {
            return bytes[0] == 10;
        }

        boolean isForwardReply() {
            return bytes[0] == 11;
        }
    }

    final ServerCore[] cores = new ServerCore[3];
    final ArrayDeque<Frame> inFlight = new ArrayDeque<>();
    final boolean[] down = new boolean[3];
    Predicate<Frame> drop = f -> false;
    /** Frames held back (a slow link) until {@link #release}. */
    Predicate<Frame> hold = f -> false;
    final List<Frame> held = new ArrayList<>();
    long nowMs;

    void release() throws IOException {
        hold = f -> false;
        inFlight.addAll(held);
        held.clear();
        deliverAll();
    }

    final SimDisk[] disks = new SimDisk[3];
    private final java.util.function.IntFunction<ServerOptions> options;

    /** Three voters without snapshots. */
    public ServerCluster() throws IOException {
        this(0);
    }

    /** Three voters that snapshot every {@code snapshotEveryEntries} entries (0: never). */
    public ServerCluster(long snapshotEveryEntries) throws IOException {
        Membership voters = Membership.ofVoters(List.of(NodeId.of(0), NodeId.of(1), NodeId.of(2)));
        options = i -> new ServerOptions(i, voters, RaftConfig.defaults(), "wal", 1 << 20, true, TIMEOUT_MS, false,
                100, ServerOptions.DEFAULT_SESSION_EXPIRY_ENTRIES, Set.of(), snapshotEveryEntries, 0);
        for (int i = 0; i < 3; i++) {
            disks[i] = new SimDisk();
            cores[i] = open(i);
        }
    }

    private ServerCore open(int i) throws IOException {
        return ServerCore.open(options.apply(i), disks[i], sender(), () -> nowMs * 1_000_000L,
                new SplittableRandom(i + 1));
    }

    /** Server {@code i} starts again from what its disk holds, after the test crashed the disk its own way. */
    void crashAndRestartAfterCrash(int i) throws IOException {
        cores[i] = open(i);
        down[i] = false;
    }

    /** Server {@code i} loses power (unsynced writes are lost) and starts again from what its disk holds. */
    void crashAndRestart(int i) throws IOException {
        disks[i].crash(new SplittableRandom(i), false);
        cores[i] = open(i);
        down[i] = false;
    }

    private PeerSender sender() {
        return new PeerSender() {
            @Override
            public void send(Message m) {
                inFlight.add(new Frame(m.from().value(), m.to().value(), MessageCodec.toBytes(m)));
            }

            @Override
            public boolean send(PeerForward f) {
                return inFlight.add(new Frame(f.from(), f.to(), ForwardCodec.toBytes(f)));
            }
        };
    }

    void deliverAll() throws IOException {
        for (int n = 0; !inFlight.isEmpty(); n++) {
            if (n > 100_000) throw new AssertionError("message storm");
            Frame f = inFlight.poll();
            if (drop.test(f) || down[f.to()] || down[f.from()]) continue;
            if (hold.test(f)) {
                held.add(f);
                continue;
            }
            cores[f.to()].receive(f.from(), f.bytes(), 0, f.bytes().length);
            cores[f.to()].drain();
        }
    }

    void tick(int ticks) throws IOException {
        for (int t = 0; t < ticks; t++) {
            nowMs += 10;
            for (int i = 0; i < 3; i++) {
                if (down[i]) continue;
                cores[i].tick();
                cores[i].drain();
            }
            deliverAll();
        }
    }

    int leader() throws IOException {
        for (int t = 0; t < 1_000; t++) {
            for (int i = 0; i < 3; i++) {
                if (!down[i] && cores[i].raft().role() == Role.LEADER && cores[i].raft().commitIndex() > 0) {
                    tick(10); // the followers hear who leads
                    return i;
                }
            }
            tick(1);
        }
        throw new AssertionError("no leader");
    }

    AtomicReference<Outcome> submit(int server, java.util.function.Function<Answer, ClientRequest> request,
                                    Answer[] answerOut) throws IOException {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        Answer answer = new Answer(outcome::set);
        if (answerOut != null) answerOut[0] = answer;
        cores[server].submit(request.apply(answer));
        cores[server].drain();
        return outcome;
    }

    long deadlineNs() {
        return (nowMs + TIMEOUT_MS) * 1_000_000L;
    }
}
