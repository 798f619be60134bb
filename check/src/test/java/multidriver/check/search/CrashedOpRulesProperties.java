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
 * The search's rules for crashed ops (only the earliest open op of a class of interchangeable crashed ops is a
 * candidate; a crashed op whose result no remaining op can observe is skipped) against the brute-force definition,
 * on histories made for them: many crashed ops with few distinct values (so classes have several members and some
 * results are never read), reused processes, {@code :fail} reads and ops that never complete.
 */
class CrashedOpRulesProperties {
    static History crashHeavy(long seed) {
        return crashHeavy(seed, false);
    }

    /** {@code withNil}: nil joins the values written, compared and read (for the strict-nil register). */
    static History crashHeavy(long seed, boolean withNil) {
        return crashHeavy(seed, withNil, false);
    }

    /** {@code casHeavy}: most ops are CASes, so several crashed ones can take effect in one state. */
    static History crashHeavy(long seed, boolean withNil, boolean casHeavy) {
        Random r = new Random(seed);
        History.Builder b = History.builder();
        int processes = 4;
        String[] pendingF = new String[processes];
        Object[] pendingArg = new Object[processes];
        long[] process = {0, 1, 2, 3};
        int invoked = 0;
        int maxOps = 3 + r.nextInt(8);
        int values = 2 + r.nextInt(2);
        for (int step = 0; step < 60 && (invoked < maxOps || anyPending(pendingF)); step++) {
            int p = r.nextInt(processes);
            if (pendingF[p] == null) {
                if (invoked == maxOps) continue;
                invoked++;
                int kind = r.nextInt(10);
                String f = casHeavy ? (kind <= 2 ? "read" : kind == 3 ? "write" : "cas")
                        : kind <= 3 ? "read" : kind <= 7 ? "write" : "cas";
                Object arg = f.equals("read") ? null : f.equals("write") ? value(r, values, withNil)
                        : Values.tuple(value(r, values, withNil), value(r, values, withNil));
                pendingF[p] = f;
                pendingArg[p] = arg;
                b.invoke(process[p], f, arg, step);
                continue;
            }
            int outcome = r.nextInt(10);
            if (outcome < 5 || (pendingF[p].equals("read") && outcome < 7)) {
                Object v = pendingF[p].equals("read") ? (withNil && r.nextInt(4) == 0 ? null : (Object) (long) r.nextInt(
                        values + 1)) : pendingArg[p];
                b.ok(process[p], pendingF[p], v, step);
            } else if (outcome < 6) {
                b.fail(process[p], pendingF[p], pendingArg[p], step); // a :fail read too: it did not happen
            } else if (outcome < 9) {
                b.info(process[p], pendingF[p], pendingArg[p], step);
                process[p] += processes; // Jepsen: the crashed process continues under a new id
            } else {
                process[p] += processes; // never completes
            }
            pendingF[p] = null;
        }
        return b.build();
    }

    private static Object value(Random r, int values, boolean withNil) {
        return withNil && r.nextInt(values + 1) == values ? null : (Object) (long) r.nextInt(values);
    }

    private static boolean anyPending(String[] pendingF) {
        for (String f : pendingF) if (f != null) return true;
        return false;
    }

    private static void agree(long seed, Model model) {
        agree(seed, model, false);
    }

    private static void agree(long seed, Model model, boolean casHeavy) {
        History h = crashHeavy(seed, model.init() == null, casHeavy);
        boolean expected = BruteForce.linearizable(h, model);
        Verdict v = Linearizability.check(h, model, CheckOptions.defaults());
        assertEquals(expected ? Outcome.VALID : Outcome.INVALID, v.outcome(), () -> EdnWriter.toString(h));
    }

    @Property(tries = 2000)
    void crashHeavyCasRegistersAgreeWithBruteForce(@ForAll long seed) {
        agree(seed, Models.casRegister(0L));
    }

    @Property(tries = 2000)
    void casHeavyRegistersAgreeWithBruteForce(@ForAll long seed) {
        agree(seed, Models.casRegister(0L), true);
    }

    @Property(tries = 1000)
    void crashHeavyStrictNilRegistersAgreeWithBruteForce(@ForAll long seed) {
        agree(seed, Models.casRegister(null, false));
    }

    /** The properties are not vacuous: the histories hold crashed ops of one class and both verdicts. */
    @net.jqwik.api.Example
    void theHistoriesHoldClassesOfCrashedOpsAndBothVerdicts() {
        int repeatedClass = 0;
        int valid = 0;
        int invalid = 0;
        for (long seed = 0; seed < 300; seed++) {
            History h = crashHeavy(seed);
            java.util.Map<String, Integer> crashed = new java.util.HashMap<>();
            for (Operation o : Partitioner.pair(h)) {
                if (o.indeterminate() && !o.f().equals("read")) crashed.merge(o.f() + Values.show(o.value()), 1, Integer::sum);
            }
            if (crashed.values().stream().anyMatch(c -> c > 1)) repeatedClass++;
            if (BruteForce.linearizable(h, Models.casRegister(0L))) valid++; else invalid++;
        }
        org.junit.jupiter.api.Assertions.assertTrue(repeatedClass > 50, "classes with several crashed ops: " + repeatedClass);
        org.junit.jupiter.api.Assertions.assertTrue(valid > 30 && invalid > 30, valid + " valid, " + invalid + " invalid");
    }
}
