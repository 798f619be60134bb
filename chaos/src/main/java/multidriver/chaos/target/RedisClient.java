package multidriver.chaos.target;

import java.util.List;
import java.util.OptionalInt;
import multidriver.chaos.client.Completion;
import multidriver.chaos.client.RegisterClient;
import multidriver.chaos.client.SetClient;
import multidriver.chaos.cluster.Cluster;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The register and set workloads in Redis's protocol, through Jedis, on the primary that the sentinels name: the client
 * asks its home member's sentinel first (a client cut off with the old primary keeps following it, as real clients
 * of a partitioned sentinel do), and asks again after any error. read = {@code GET}, write = {@code SET}, cas = a Lua
 * script that compares and sets atomically on the primary; add = {@code SADD}, reading the set = {@code SMEMBERS}.
 *
 * <p>Classification: an answer is {@code :ok}; a script that found another value, or {@code READONLY} (the member is
 * a replica and refused the write) is {@code :fail}. A write without an answer (timeout, lost connection) is
 * {@code :info}; a read without one is {@code :fail}; no primary named by any sentinel means nothing was sent.
 */
final class RedisClient implements RegisterClient, SetClient {
    private static final String CAS = "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1],"
            + " ARGV[2]) return 1 else return 0 end";
    private static final int TIMEOUT_MS = 1_000;

    private final Cluster cluster;
    private final java.util.function.Supplier<OptionalInt> primaryNow;
    private final JedisClientConfig config;
    private Jedis primary;

    /**
     * @param primaryNow who the primary is now (the sentinels' answer from the client's home member, or the one
     *                   server of a standalone Redis); asked again after every error
     * @param password   the server's password, or null
     */
    RedisClient(Cluster cluster, java.util.function.Supplier<OptionalInt> primaryNow, String password) {
        this.cluster = cluster;
        this.primaryNow = primaryNow;
        this.config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(TIMEOUT_MS)
                .socketTimeoutMillis(TIMEOUT_MS).password(password).build();
    }

    @Override
    public Completion read(String key) {
        return run(true, j -> {
            String v = j.get(key);
            if (v == null) return Completion.ok(null);
            try {
                return Completion.ok(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return Completion.ok(v);
            }
        });
    }

    @Override
    public Completion write(String key, long value) {
        return run(false, j -> {
            String reply = j.set(key, Long.toString(value));
            return "OK".equals(reply) ? Completion.ok(null) : Completion.info("SET answered " + reply);
        });
    }

    @Override
    public Completion cas(String key, long expected, long value) {
        return run(false, j -> {
            Object r = j.eval(CAS, List.of(key), List.of(Long.toString(expected), Long.toString(value)));
            return Long.valueOf(1).equals(r) ? Completion.ok(null) : Completion.refused("compare failed: not " + expected);
        });
    }

    @Override
    public Completion add(String key, long element) {
        return run(false, j -> {
            j.sadd(key, Long.toString(element));
            return Completion.ok(null);
        });
    }

    @Override
    public Completion readSet(String key) {
        return run(true, j -> {
            java.util.List<Long> elements = new java.util.ArrayList<>();
            for (String member : j.smembers(key)) {
                try {
                    elements.add(Long.parseLong(member));
                } catch (NumberFormatException e) {
                    return Completion.fail("set member is not a number: " + member);
                }
            }
            java.util.Collections.sort(elements);
            return Completion.ok(elements);
        });
    }

    private interface Call {
        Completion on(Jedis primary);
    }

    private Completion run(boolean isRead, Call call) {
        if (primary == null) {
            OptionalInt p = primaryNow.get();
            if (p.isEmpty()) return Completion.fail("no sentinel named a primary");
            try {
                // Jedis connects in its constructor (and sends CLIENT SETINFO): a refused or stalled connection is
                // thrown here, before this operation's command was sent.
                primary = new Jedis(new HostAndPort("127.0.0.1",
                        cluster.publishedPort(p.getAsInt(), RedisTarget.SERVER_PORT)), config);
            } catch (JedisException e) {
                return Completion.fail("cannot connect to primary node-" + p.getAsInt() + ": " + e.getMessage());
            }
        }
        try {
            return call.on(primary);
        } catch (JedisDataException e) {
            // An error reply: the command was refused (READONLY on a replica, a script error), nothing was written.
            drop();
            return Completion.refused(String.valueOf(e.getMessage()));
        } catch (JedisConnectionException e) {
            drop();
            String why = "no answer: " + e.getMessage();
            return isRead ? Completion.fail(why) : Completion.info(why);
        } catch (JedisException e) {
            drop();
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            return isRead ? Completion.fail(why) : Completion.info(why);
        }
    }

    /** Forgets the connection: the next operation asks the sentinels again. */
    private void drop() {
        if (primary != null) {
            try {
                primary.close();
            } catch (RuntimeException e) {
                // already broken
            }
            primary = null;
        }
    }

    @Override
    public void close() {
        drop();
    }
}
