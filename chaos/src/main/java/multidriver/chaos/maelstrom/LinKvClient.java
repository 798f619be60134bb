package multidriver.chaos.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import multidriver.chaos.client.Recorder;
import multidriver.check.history.OpType;

/**
 * One client of Maelstrom's {@code lin-kv} workload: {@code read} (key) → {@code read_ok} (value), {@code write}
 * (key, value) → {@code write_ok}, {@code cas} (key, from, to) → {@code cas_ok}, each recorded in Jepsen form as a
 * {@code [key value]} tuple. A {@code read} answered with error 20 (no such key) read nil, as lin-kv defines it.
 * Any other {@code error} reply is a definite failure when its code says the operation did not
 * happen (Maelstrom's definite codes: 10, 11, 12, 14, 20, 21, 22, 30; e.g. 20 key does not exist, 22 precondition
 * failed, 11 temporarily unavailable); any other code, a timeout, or a node that cannot be reached after the request
 * may have left, is indeterminate ({@code :info}), and the client goes on as a new process, as in Jepsen.
 */
final class LinKvClient implements Runnable {
    static final Set<Integer> DEFINITE_ERRORS = Set.of(10, 11, 12, 14, 20, 21, 22, 30);
    private static final int VALUES = 5;

    private final String clientId;
    private final int index;
    private final int concurrency;
    private final MaelstromNetwork network;
    private final int nodes;
    private final int keys;
    private final double meanIntervalNs;
    private final long timeoutMs;
    private final Recorder recorder;
    private final long endNs;
    private final SplittableRandom random;
    private final AtomicLong msgIds;
    private final Map<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private long process;

    LinKvClient(int index, int concurrency, MaelstromNetwork network, int nodes, int keys, double ratePerSec,
                long timeoutMs, Recorder recorder, long endNs, long seed, AtomicLong msgIds) {
        this.clientId = "c" + (index + 1);
        this.index = index;
        this.concurrency = concurrency;
        this.network = network;
        this.nodes = nodes;
        this.keys = keys;
        this.meanIntervalNs = 1e9 * concurrency / ratePerSec;
        this.timeoutMs = timeoutMs;
        this.recorder = recorder;
        this.endNs = endNs;
        this.random = new SplittableRandom(seed);
        this.msgIds = msgIds;
        this.process = index;
        network.registerClient(clientId, this::onReply);
    }

    private void onReply(JsonNode body) {
        JsonNode inReplyTo = body.get("in_reply_to");
        if (inReplyTo == null || !inReplyTo.canConvertToLong()) return;
        CompletableFuture<JsonNode> f = waiting.remove(inReplyTo.asLong());
        if (f != null) f.complete(body);
    }

    @Override
    public void run() {
        long nextNs = recorder.nowNs() + (long) (random.nextDouble() * meanIntervalNs);
        while (recorder.nowNs() < endNs && !Thread.currentThread().isInterrupted()) {
            long waitNs = nextNs - recorder.nowNs();
            if (waitNs > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(waitNs);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (recorder.nowNs() >= endNs) return;
            oneOp();
            nextNs += (long) (-Math.log(1 - random.nextDouble()) * meanIntervalNs);
            nextNs = Math.max(nextNs, recorder.nowNs() - (long) meanIntervalNs);
        }
    }

    private void oneOp() {
        long key = random.nextInt(keys);
        int node = random.nextInt(nodes);
        double dice = random.nextDouble();
        ObjectNode body = MaelstromNetwork.JSON.createObjectNode();
        String f;
        Object value;
        if (dice < 0.5) {
            f = "read";
            body.put("type", "read").put("key", key);
            value = null;
        } else if (dice < 0.75) {
            f = "write";
            long v = random.nextInt(VALUES);
            body.put("type", "write").put("key", key).put("value", v);
            value = v;
        } else {
            f = "cas";
            long from = random.nextInt(VALUES);
            long to = random.nextInt(VALUES);
            body.put("type", "cas").put("key", key).put("from", from).put("to", to);
            value = List.of(from, to);
        }
        recorder.invoke(process, f, tuple(key, value));
        Result r = call(node, body);
        Object completed = f.equals("read") ? (r.type == OpType.OK ? r.value : null) : value;
        recorder.complete(process, r.type, f, tuple(key, completed), r.error);
        if (r.type == OpType.INFO) process += concurrency; // the old process may still act
    }

    /** Final reads after the heal: one read of {@code key} at {@code node}, recorded under {@code readerProcess}. */
    Result finalRead(long readerProcess, long key, int node) {
        ObjectNode body = MaelstromNetwork.JSON.createObjectNode().put("type", "read").put("key", key);
        recorder.invoke(readerProcess, "read", tuple(key, null));
        Result r = call(node, body);
        recorder.complete(readerProcess, r.type, "read", tuple(key, r.type == OpType.OK ? r.value : null), r.error);
        return r;
    }

    record Result(OpType type, Object value, String error) {
    }

    private Result call(int node, ObjectNode body) {
        long msgId = msgIds.incrementAndGet();
        body.put("msg_id", msgId);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        waiting.put(msgId, reply);
        if (!network.sendFromClient(clientId, node, body)) {
            waiting.remove(msgId);
            return new Result(OpType.FAIL, null, "node n" + node + " is down: the request was not sent");
        }
        JsonNode answer;
        try {
            answer = reply.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            waiting.remove(msgId);
            return new Result(OpType.INFO, null, "timeout after " + timeoutMs + " ms");
        } catch (Exception e) {
            waiting.remove(msgId);
            return new Result(OpType.INFO, null, e.toString());
        }
        String type = answer.path("type").asText();
        String expected = body.get("type").asText() + "_ok";
        if (type.equals(expected)) {
            Object v = null;
            if (expected.equals("read_ok")) {
                JsonNode value = answer.get("value");
                v = value == null || value.isNull() ? null : value.isIntegralNumber() ? (Object) value.asLong()
                        : value.toString();
            }
            return new Result(OpType.OK, v, null);
        }
        if (type.equals("error")) {
            int code = answer.path("code").asInt(-1);
            if (code == 20 && expected.equals("read_ok")) {
                // lin-kv starts every key at nil and has no delete: "no such key" is a read of nil, and recording it
                // as :fail (which the checker drops) would hide a node that lost acknowledged writes.
                return new Result(OpType.OK, null, null);
            }
            String text = "error " + code + ": " + answer.path("text").asText("");
            return new Result(DEFINITE_ERRORS.contains(code) ? OpType.FAIL : OpType.INFO, null, text);
        }
        return new Result(OpType.INFO, null, "unexpected reply type " + type);
    }

    private static List<Object> tuple(long key, Object value) {
        return Arrays.asList(key, value);
    }

    String id() {
        return clientId;
    }

    int index() {
        return index;
    }
}
