package multidriver.sim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeMap;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.world.Failure;
import multidriver.sim.world.RunOptions;
import multidriver.sim.world.ScheduleGenerator;
import multidriver.sim.world.ScheduleResult;
import multidriver.sim.world.Simulation;
import org.junit.jupiter.api.Test;

/** A system written only against the public API runs in the simulator, and its bug is found. */
class OwnSystemTest {
    /** Each node answers from its own copy and never talks to its peers: not linearizable across nodes. */
    static final class LocalCopyNode implements SimulatedNode {
        private final TreeMap<String, Long> data = new TreeMap<>();
        private NodeContext context;

        @Override
        public void start(NodeContext context) {
            this.context = context;
        }

        @Override
        public void onMessage(int fromNodeId, byte[] message) {
        }

        @Override
        public void onTimer(long timerId) {
        }

        @Override
        public void onRequest(KvRequest request) {
            Long current = data.get(request.key());
            switch (request.kind()) {
                case READ -> context.reply(request, new KvReply.Value(current));
                case WRITE -> {
                    data.put(request.key(), request.value());
                    context.reply(request, new KvReply.Written());
                }
                case CAS -> {
                    if (java.util.Objects.equals(current, request.from())) {
                        data.put(request.key(), request.value());
                        context.reply(request, new KvReply.Swapped());
                    } else {
                        context.reply(request, new KvReply.CasFailed(current));
                    }
                }
                case OPEN_SESSION -> throw new IllegalStateException("no sessions were asked for");
            }
        }
    }

    @Test
    void aNodeThatAnswersFromItsOwnCopyIsFoundNotLinearizable() {
        SimulatedSystem system = (machine, nodeId) -> new LocalCopyNode();
        ScheduleGenerator generator = new ScheduleGenerator(3, 3_000, Set.of(FaultKind.CRASH), Set.of());
        int invalid = 0;
        for (long seed = 1; seed <= 5; seed++) {
            ScheduleResult result = Simulation.run(system, generator.generate(seed), RunOptions.campaign());
            if (result.failed() && result.failure().kind() == Failure.Kind.LINEARIZABILITY) invalid++;
        }
        assertTrue(invalid >= 3, "invalid in " + invalid + " of 5 schedules");
    }

    @Test
    void theProjectsRaftRunsThroughTheSameApi() {
        var schedule = new ScheduleGenerator(5, 3_000, Set.of(FaultKind.CRASH), Set.of()).generate(7);
        ScheduleResult viaApi = Simulation.run(multidriver.sim.raft.RaftKvSystem.forSchedule(schedule), schedule,
                RunOptions.campaign());
        assertEquals(Simulation.run(schedule, RunOptions.campaign()).traceHash(), viaApi.traceHash());
        assertTrue(!viaApi.failed(), () -> String.valueOf(viaApi.failure()));
    }
}
