package multidriver.check.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import multidriver.check.history.History;
import multidriver.check.history.Values;

/**
 * Records histories of a real atomic register (one per key) used by concurrent clients, so every history it
 * makes is linearizable by construction: each op takes effect at one instant between its invocation and
 * completion. Clients crash ({@code :info}); a crashed op may still take effect later or never; a new process id
 * replaces the crashed one. Some ops {@code :fail} without taking effect. Written values are unique when
 * {@code uniqueValues}, which lets a test append a provably stale read.
 */
final class SimulatedRegister {
    /** A client's op in flight. */
    private static final class Pending {
        final int slot;
        long process;
        final String f;
        final Object key;
        final Object arg;
        boolean applied;
        Object result;
        boolean crashed;

        Pending(int slot, long process, String f, Object key, Object arg) {
            this.slot = slot;
            this.process = process;
            this.f = f;
            this.key = key;
            this.arg = arg;
        }
    }

    private final Random random;
    private final int clients;
    private final int keys;
    private final boolean uniqueValues;
    private final int crashPercent;
    private final History.Builder history = History.builder();
    private final long[] registers;
    private final long[] processOfSlot;
    private final Pending[] inFlight;
    private final List<Pending> ghosts = new ArrayList<>();
    /** Values written by ops that completed :ok (plus the initial 0): the only ones a read may return later. */
    private final List<Long> definitelyWritten = new ArrayList<>(List.of(0L));
    private long nextValue = 1;
    private long nextProcess;
    private long time;

    SimulatedRegister(long seed, int clients, int keys, boolean uniqueValues) {
        this(seed, clients, keys, uniqueValues, 20);
    }

    /** {@code crashPercent}: chance that a client's next action on its in-flight op is a crash. */
    SimulatedRegister(long seed, int clients, int keys, boolean uniqueValues, int crashPercent) {
        this.crashPercent = crashPercent;
        this.random = new Random(seed);
        this.clients = clients;
        this.keys = keys;
        this.uniqueValues = uniqueValues;
        this.registers = new long[keys];
        this.processOfSlot = new long[clients];
        this.inFlight = new Pending[clients];
        for (int i = 0; i < clients; i++) {
            processOfSlot[i] = nextProcess++;
        }
    }

    private Object wrap(Object key, Object v) {
        return keys == 1 ? v : Values.tuple(key, v);
    }

    private int keyIndex(Object key) {
        return keys == 1 ? 0 : Integer.parseInt(((String) key).substring(1));
    }

    private long newValue() {
        return uniqueValues ? nextValue++ : random.nextInt(4);
    }

    /** Runs {@code steps} random actions and returns the history so far. */
    History run(int steps) {
        for (int i = 0; i < steps; i++) {
            step();
        }
        return history.build();
    }

    private void step() {
        time++;
        int slot = random.nextInt(clients);
        Pending p = inFlight[slot];
        int action = random.nextInt(100);
        if (action < 10 && !ghosts.isEmpty()) {
            Pending g = ghosts.remove(random.nextInt(ghosts.size()));
            apply(g); // a crashed op's request lands late
            return;
        }
        action = random.nextInt(100);
        if (p == null) {
            invoke(slot);
        } else if (action < crashPercent) {
            crash(p);
        } else if (!p.applied && action < crashPercent + 10 && !p.f.equals("read")) {
            history.fail(p.process, p.f, wrap(p.key, p.arg), time);
            inFlight[slot] = null;
        } else if (!p.applied) {
            apply(p);
        } else {
            complete(p);
        }
    }

    private void invoke(int slot) {
        Object key = keys == 1 ? null : "k" + random.nextInt(keys);
        int kind = random.nextInt(3);
        String f = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
        Object arg = switch (f) {
            case "read" -> null;
            case "write" -> newValue();
            default -> Values.tuple(pickOld(key), newValue());
        };
        Pending p = new Pending(slot, processOfSlot[slot], f, key, arg);
        inFlight[slot] = p;
        history.invoke(p.process, f, wrap(key, arg), time);
    }

    private long pickOld(Object key) {
        return random.nextInt(3) == 0 ? registers[keyIndex(key)] : definitelyWritten.get(
                random.nextInt(definitelyWritten.size()));
    }

    private void apply(Pending p) {
        int k = keyIndex(p.key);
        switch (p.f) {
            case "read" -> p.result = registers[k];
            case "write" -> registers[k] = (Long) p.arg;
            default -> {
                List<?> oldNew = (List<?>) p.arg;
                boolean ok = oldNew.get(0).equals(registers[k]);
                if (ok) {
                    registers[k] = (Long) oldNew.get(1);
                }
                p.result = ok;
            }
        }
        p.applied = true;
    }

    private void complete(Pending p) {
        if (p.f.equals("cas") && Boolean.FALSE.equals(p.result)) {
            history.fail(p.process, p.f, wrap(p.key, p.arg), time);
        } else {
            Object v = p.f.equals("read") ? p.result : p.arg;
            history.ok(p.process, p.f, wrap(p.key, v), time);
            if (!p.f.equals("read")) {
                definitelyWritten.add(p.f.equals("write") ? (Long) p.arg : (Long) ((List<?>) p.arg).get(1));
            }
        }
        inFlight[p.slot] = null;
    }

    private void crash(Pending p) {
        history.info(p.process, p.f, wrap(p.key, p.arg), time);
        if (!p.applied && random.nextBoolean()) {
            ghosts.add(p);
        }
        p.crashed = true;
        inFlight[p.slot] = null;
        processOfSlot[p.slot] = nextProcess++; // Jepsen: a crashed process continues under a new id
    }

    /**
     * Lets every in-flight op finish or crash, then appends (single key, unique values) a completed write of a
     * fresh value followed by a read of an older definitely-written value: no linearization can explain it.
     */
    History appendStaleRead() {
        if (keys != 1 || !uniqueValues) {
            throw new IllegalStateException("stale reads are provable only with one key and unique values");
        }
        for (Pending p : inFlight) {
            if (p != null) {
                crash(p);
            }
        }
        long stale = definitelyWritten.get(random.nextInt(definitelyWritten.size()));
        long fresh = nextValue++;
        long writer = nextProcess++;
        long reader = nextProcess++;
        history.invoke(writer, "write", fresh, ++time).ok(writer, "write", fresh, ++time);
        history.invoke(reader, "read", null, ++time).ok(reader, "read", stale, ++time);
        return history.build();
    }

    int clients() {
        return clients;
    }
}
