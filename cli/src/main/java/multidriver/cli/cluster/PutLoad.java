package multidriver.cli.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop write load, as wrk runs it: {@code connections} clients, each sending its next
 * {@code PUT /kv/bench-<n>} (a {@code valueBytes}-byte body, n uniform over {@code keys}) as soon as the last one
 * was answered, for {@code durationMs}. Latencies are kept for the first {@link #MAX_SAMPLES} requests; counts for all.
 */
final class PutLoad implements WriteLoad {
    static final int MAX_SAMPLES = 5_000_000;

    private final URI base;
    private final String token;
    private final int keys;
    private final byte[] body;
    private final ExecutorService pool;
    /** One client for every run, so the connections of one run are reused by the next, not left open. */
    private final HttpClient http;
    private final long[] samples = new long[MAX_SAMPLES];

    PutLoad(URI base, String token, int keys, int valueBytes, int threads) {
        this.base = base;
        this.token = token;
        this.keys = keys;
        this.body = new byte[valueBytes];
        Arrays.fill(body, (byte) 'x');
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    @Override
    public String name() {
        return "the JVM's HTTP client";
    }

    /** One run of {@code connections} closed loops for {@code durationMs}; not for two runs at once. */
    @Override
    public Result run(int connections, long durationMs) throws InterruptedException {
        AtomicLong sampled = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong non2xx = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long startNs = System.nanoTime();
        long endNs = startNs + durationMs * 1_000_000;
        CompletableFuture<?>[] loops = new CompletableFuture<?>[connections];
        for (int c = 0; c < connections; c++) {
            SplittableRandom random = new SplittableRandom(c);
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops[c] = done;
            next(http, random, endNs, samples, sampled, ok, non2xx, errors, done);
        }
        CompletableFuture.allOf(loops).orTimeout(durationMs + 30_000, java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(e -> null).join();
        long durationUs = (System.nanoTime() - startNs) / 1_000;
        int n = (int) Math.min(sampled.get(), MAX_SAMPLES);
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return new Result(ok.get(), non2xx.get(), errors.get(), durationUs, quantile(sorted, 0.50),
                quantile(sorted, 0.90), quantile(sorted, 0.99), n == 0 ? 0 : sorted[n - 1]);
    }

    private void next(HttpClient http, SplittableRandom random, long endNs, long[] samples, AtomicLong sampled,
                      AtomicLong ok, AtomicLong non2xx, AtomicLong errors, CompletableFuture<Void> done) {
        if (System.nanoTime() >= endNs) {
            done.complete(null);
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/kv/bench-" + random.nextInt(keys)))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long sentNs = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long us = (System.nanoTime() - sentNs) / 1_000;
            if (failure != null) {
                errors.incrementAndGet();
            } else if (response.statusCode() / 100 == 2) {
                ok.incrementAndGet();
            } else {
                non2xx.incrementAndGet();
            }
            long slot = sampled.getAndIncrement();
            if (slot < MAX_SAMPLES) samples[(int) slot] = us;
            next(http, random, endNs, samples, sampled, ok, non2xx, errors, done);
        });
    }

    private static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
