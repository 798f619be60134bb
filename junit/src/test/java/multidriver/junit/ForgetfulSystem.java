package multidriver.junit;

import java.util.Objects;
import java.util.TreeMap;
import multidriver.sim.api.KvReply;
import multidriver.sim.api.KvRequest;
import multidriver.sim.api.NodeContext;
import multidriver.sim.api.SimulatedNode;
import multidriver.sim.api.SimulatedSystem;

/**
 * A broken system: node 0 serves every request from memory and the others send clients to it. It is linearizable
 * until node 0 restarts and has forgotten every write it acknowledged.
 */
public final class ForgetfulSystem implements SimulatedSystem {
    @Override
    public SimulatedNode newNode(int machine, int nodeId) {
        return new Node();
    }

    private static final class Node implements SimulatedNode {
        private final TreeMap<String, Long> memory = new TreeMap<>();
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
            if (context.nodeId() != 0) {
                context.reply(request, new KvReply.NotLeader(0));
                return;
            }
            Long current = memory.get(request.key());
            KvReply reply = switch (request.kind()) {
                case READ -> new KvReply.Value(current);
                case WRITE -> {
                    memory.put(request.key(), request.value());
                    yield new KvReply.Written();
                }
                case CAS -> {
                    if (!Objects.equals(current, request.from())) yield new KvReply.CasFailed(current);
                    memory.put(request.key(), request.value());
                    yield new KvReply.Swapped();
                }
                case OPEN_SESSION -> throw new IllegalStateException("no sessions were asked for");
            };
            context.reply(request, reply);
        }
    }
}
