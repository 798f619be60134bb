package multidriver.check.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.History;
import multidriver.check.history.Values;
import multidriver.check.model.Model;
import multidriver.check.model.Models;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * On tiny random histories (valid or not, with crashes, failures and never-completed ops), the search agrees
 * with the brute-force definition: no false valid, no false invalid.
 */
class BruteForceAgreementProperties {
    /** Random events for three processes; results are random, so many histories are not linearizable. */
    static History randomHistory(long seed, String modelName) {
        Random r = new Random(seed);
        History.Builder b = History.builder();
        String[] pendingF = new String[3];
        Object[] pendingArg = new Object[3];
        long[] process = {0, 1, 2};
        int invoked = 0;
        int maxOps = 2 + r.nextInt(6);
        for (int step = 0; step < 40 && (invoked < maxOps || anyPending(pendingF)); step++) {
            int p = r.nextInt(3);
            if (pendingF[p] == null) {
                if (invoked == maxOps) {
                    continue;
                }
                invoked++;
                String f;
                Object arg;
                if (modelName.equals("mutex")) {
                    f = r.nextBoolean() ? "acquire" : "release";
                    arg = null;
                } else if (modelName.equals("multi-register")) {
                    f = "txn";
                    arg = randomTxn(r, null);
                } else {
                    int kind = r.nextInt(3);
                    f = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
                    arg = kind == 0 ? null : kind == 1 ? (Object) (long) r.nextInt(3)
                            : Values.tuple((long) r.nextInt(3), (long) r.nextInt(3));
                }
                pendingF[p] = f;
                pendingArg[p] = arg;
                b.invoke(process[p], f, arg, step);
                continue;
            }
            int outcome = r.nextInt(10);
            if (outcome < 6) {
                Object v = pendingF[p].equals("read") ? (r.nextInt(5) == 0 ? null : (Object) (long) r.nextInt(3))
                        : pendingF[p].equals("txn") ? randomTxn(r, (java.util.List<?>) pendingArg[p]) : pendingArg[p];
                b.ok(process[p], pendingF[p], v, step);
            } else if (outcome < 8) {
                b.fail(process[p], pendingF[p], pendingArg[p], step);
            } else if (outcome < 9) {
                b.info(process[p], pendingF[p], pendingArg[p], step);
                process[p] += 3; // Jepsen: the crashed process continues under a new id
            } else {
                process[p] += 3; // never completes: the next invocation uses a new id
            }
            pendingF[p] = null;
        }
        return b.build();
    }

    /**
     * A multi-register transaction of one or two micro-ops on keys x and y; with {@code invoked}, the same ops as
     * completed, the reads filled with values seen (sometimes nil, which matches anything).
     */
    private static Object randomTxn(Random r, java.util.List<?> invoked) {
        java.util.List<Object> mops = new java.util.ArrayList<>();
        int size = invoked != null ? invoked.size() : 1 + r.nextInt(2);
        for (int i = 0; i < size; i++) {
            boolean read = invoked != null ? "read".equals(Values.keyName(((java.util.List<?>) invoked.get(i)).get(0)))
                    : r.nextBoolean();
            Object key = invoked != null ? ((java.util.List<?>) invoked.get(i)).get(1) : r.nextBoolean() ? "x" : "y";
            Object v = read ? (invoked == null || r.nextInt(4) == 0 ? null : (Object) (long) r.nextInt(3))
                    : invoked != null ? ((java.util.List<?>) invoked.get(i)).get(2) : (Object) (long) r.nextInt(3);
            mops.add(Values.tuple(read ? "read" : "write", key, v));
        }
        return Values.tuple(mops.toArray());
    }

    private static boolean anyPending(String[] pendingF) {
        for (String f : pendingF) {
            if (f != null) {
                return true;
            }
        }
        return false;
    }

    private static void agree(long seed, String modelName, Model model) {
        History h = randomHistory(seed, modelName);
        boolean expected = BruteForce.linearizable(h, model);
        Verdict v = Linearizability.check(h, model, CheckOptions.defaults());
        assertEquals(expected ? Outcome.VALID : Outcome.INVALID, v.outcome(), () -> EdnWriter.toString(h));
    }

    /** The reachability pre-check only ever proves invalidity: never for a history the brute force linearizes. */
    private static void precheckIsSound(long seed, String modelName, Model model) {
        History h = randomHistory(seed, modelName);
        for (Partition p : Partitioner.partition(h, model, false)) {
            PartitionResult decided = ReachabilityPrecheck.check(p, model);
            if (decided != null) {
                assertEquals(Outcome.INVALID, decided.outcome());
                assertEquals(false, BruteForce.linearizable(h, model), () -> EdnWriter.toString(h));
            }
        }
    }

    /** The property above is not vacuous: the random histories do include ones the pre-check decides. */
    @net.jqwik.api.Example
    void thePrecheckDecidesSomeRandomHistories() {
        int decided = 0;
        for (long seed = 0; seed < 500; seed++) {
            for (Partition p : Partitioner.partition(randomHistory(seed, "cas-register"), Models.casRegister(0), false)) {
                if (ReachabilityPrecheck.check(p, Models.casRegister(0)) != null) decided++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(decided > 5, "decided " + decided + " of 500");
    }

    @Property(tries = 1500)
    void thePrecheckAgreesWithBruteForceOnCasRegisters(@ForAll long seed) {
        precheckIsSound(seed, "cas-register", Models.casRegister(0));
    }

    @Property(tries = 500)
    void thePrecheckAgreesWithBruteForceOnMutexes(@ForAll long seed) {
        precheckIsSound(seed, "mutex", Models.mutex());
    }

    @Property(tries = 1500)
    void casRegisterAgreesWithBruteForce(@ForAll long seed) {
        agree(seed, "cas-register", Models.casRegister(0));
    }

    @Property(tries = 500)
    void strictNilCasRegisterAgreesWithBruteForce(@ForAll long seed) {
        agree(seed, "cas-register", Models.casRegister(null, false));
    }

    @Property(tries = 1000)
    void multiRegisterAgreesWithBruteForce(@ForAll long seed) {
        // Read-only transactions are linearized as soon as they are legal (WglSearch.EXHAUSTED).
        agree(seed, "multi-register", Models.multiRegister(java.util.Map.of("x", 0L, "y", 0L)));
    }

    @Property(tries = 500)
    void mutexAgreesWithBruteForce(@ForAll long seed) {
        agree(seed, "mutex", Models.mutex());
    }
}
