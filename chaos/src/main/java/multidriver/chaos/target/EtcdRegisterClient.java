package multidriver.chaos.target;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import multidriver.chaos.client.Completion;
import multidriver.chaos.client.RegisterClient;
import multidriver.chaos.cluster.ClusterNode;

/**
 * The register workload in etcd's protocol, through jetcd, to one member (the client's home: a client of a member
 * cut off by a partition sees what that member serves, which is the point).
 *
 * <p>Classification: an answer is {@code :ok} (a compare that did not hold is {@code :fail}: nothing was written). A
 * write or transaction without an answer (deadline, lost connection, any gRPC error) is {@code :info}: etcd may have
 * committed it. A read without an answer is {@code :fail}: a read changes nothing. jetcd's own retries are off
 * ({@code retryMaxAttempts(0)}), because a transaction it retried after the first attempt committed would come back
 * "compare failed" and be recorded as {@code :fail} though it happened.
 */
final class EtcdRegisterClient implements RegisterClient {
    /** All of one operation, as the multi-driver workload allows itself. */
    private static final Duration OP_DEADLINE = Duration.ofMillis(2_500);

    private final Client client;
    private final KV kv;
    private final GetOption readOption;

    EtcdRegisterClient(ClusterNode member, boolean serializableReads) {
        this.client = connect(member);
        this.kv = client.getKVClient();
        this.readOption = GetOption.builder().withSerializable(serializableReads).build();
    }

    static String endpoint(ClusterNode member) {
        return "http://127.0.0.1:" + member.httpPort();
    }

    /** A jetcd client to that one member's published client port, without retries. */
    static Client connect(ClusterNode member) {
        return Client.builder().endpoints(endpoint(member)).connectTimeout(Duration.ofMillis(1_000))
                .retryMaxAttempts(0).waitForReady(false).build();
    }

    @Override
    public Completion read(String key) {
        try {
            GetResponse r = await(kv.get(bytes(key), readOption));
            if (r.getKvs().isEmpty()) return Completion.ok(null);
            String text = r.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8);
            try {
                return Completion.ok(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return Completion.ok(text);
            }
        } catch (Failure f) {
            return Completion.fail(f.getMessage());
        }
    }

    @Override
    public Completion write(String key, long value) {
        try {
            await(kv.put(bytes(key), bytes(Long.toString(value))));
            return Completion.ok(null);
        } catch (Failure f) {
            return Completion.info(f.getMessage());
        }
    }

    @Override
    public Completion cas(String key, long expected, long value) {
        try {
            ByteSequence k = bytes(key);
            TxnResponse r = await(kv.txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.value(bytes(Long.toString(expected)))))
                    .Then(Op.put(k, bytes(Long.toString(value)), PutOption.DEFAULT))
                    .commit());
            return r.isSucceeded() ? Completion.ok(null) : Completion.refused("compare failed: not " + expected);
        } catch (Failure f) {
            return Completion.info(f.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException e) {
            // closing a client whose member is gone: nothing left to release
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /**
     * The answer within the deadline, or a {@link Failure} saying why there is none. Cancelling the future on a
     * timeout does not stop a gRPC call already sent (jetcd hands back a derived future): the member may still apply
     * it, which is why a write without an answer is {@code :info}.
     */
    private static <T> T await(CompletableFuture<T> call) throws Failure {
        try {
            return call.get(OP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new Failure("no answer in " + OP_DEADLINE.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = String.valueOf(cause.getMessage());
            throw new Failure(cause.getClass().getSimpleName() + ": "
                    + (message.length() > 160 ? message.substring(0, 160) : message));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new Failure("interrupted");
        }
    }

    /** Why an operation got no answer. */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
