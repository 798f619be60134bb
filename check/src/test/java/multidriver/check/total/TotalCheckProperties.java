package multidriver.check.total;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import multidriver.check.history.History;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random histories with a known truth: which inserts happened is decided first (ok: yes, fail: no, info or never
 * completed: either), and what the reads see follows from it. A faithful history is valid; removing one acknowledged
 * element from what was seen is exactly one loss; adding a foreign one is exactly one unexpected element. Transfers
 * that keep the total give a valid bank; one corrupted read is found, and only it.
 */
class TotalCheckProperties {
    /** A set history of {@code n} adds by rotating processes, and the elements that truly went in. */
    private record SetStory(History.Builder history, List<Long> present, List<Long> acknowledged,
                            List<Long> recovered) {
    }

    private static SetStory story(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        History.Builder h = History.builder();
        List<Long> present = new ArrayList<>();
        List<Long> acknowledged = new ArrayList<>();
        List<Long> recovered = new ArrayList<>();
        long t = 0;
        for (long e = 0; e < n; e++) {
            long process = e % 7;
            h.invoke(process, "add", e, t++);
            int outcome = random.nextInt(4);
            boolean happened = outcome == 0 || (outcome >= 2 && random.nextBoolean());
            switch (outcome) {
                case 0 -> h.ok(process, "add", e, t++);
                case 1 -> h.fail(process, "add", e, t++);
                case 2 -> h.info(process, "add", e, t++);
                default -> { } // never completed: the next invoke of this process makes it indeterminate
            }
            if (outcome == 0) acknowledged.add(e);
            if (happened) present.add(e);
            if (happened && outcome >= 2) recovered.add(e);
        }
        return new SetStory(h, present, acknowledged, recovered);
    }

    @Property(tries = 300)
    void aFaithfulSetHistoryIsValidAndCountsWhatHappened(@ForAll @IntRange(min = 0, max = 60) int n,
                                                         @ForAll long seed) {
        SetStory s = story(n, seed);
        Delivery d = SetCheck.check(s.history().invoke(100, "read", null, 10_000).ok(100, "read", s.present(), 10_001)
                .build());
        assertTrue(d.valid(), d.explain());
        assertEquals(s.acknowledged().size(), d.acknowledged());
        assertEquals(s.recovered(), d.recovered());
        assertEquals(n, d.attempted());
    }

    @Property(tries = 300)
    void oneAcknowledgedElementMissingFromTheReadIsExactlyOneLoss(@ForAll @IntRange(min = 1, max = 60) int n,
                                                                @ForAll long seed) {
        SetStory s = story(n, seed);
        if (s.acknowledged().isEmpty()) return;
        Long victim = s.acknowledged().get((int) Math.floorMod(seed, (long) s.acknowledged().size()));
        List<Long> seen = new ArrayList<>(s.present());
        seen.remove(victim);
        seen.add(1_000_000L); // and one nobody added
        Delivery d = SetCheck.check(s.history().invoke(100, "read", null, 10_000).ok(100, "read", seen, 10_001)
                .build());
        assertFalse(d.valid());
        assertEquals(List.of(victim), d.lost());
        assertEquals(List.of(1_000_000L), d.unexpected());
    }

    @Property(tries = 300)
    void aQueueDeliveringSomeMessagesTwiceIsValidAndCountsTheDuplicates(@ForAll @IntRange(min = 0, max = 60) int n,
                                                                      @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        SetStory s = story(n, seed);
        History.Builder h = History.builder();
        for (var op : s.history().build().ops()) h.add(op.process(), op.type(), "enqueue", op.value(), op.timeNs());
        Map<Long, Integer> duplicated = new LinkedHashMap<>();
        long t = 20_000;
        List<Long> left = new ArrayList<>();
        for (Long e : s.present()) {
            if (random.nextBoolean()) {
                left.add(e);
                continue;
            }
            int times = 1 + random.nextInt(2);
            for (int k = 0; k < times; k++) h.invoke(200, "dequeue", null, t++).ok(200, "dequeue", e, t++);
            if (times > 1) duplicated.put(e, times);
        }
        Delivery d = TotalQueueCheck.check(h.invoke(201, "drain", null, t++).ok(201, "drain", left, t).build());
        assertTrue(d.valid(), d.explain());
        assertEquals(duplicated, d.duplicated());
    }

    @Property(tries = 300)
    void transfersThatKeepTheTotalAreValidAndOneCorruptReadIsFound(@ForAll @IntRange(min = 2, max = 6) int accounts,
                                                                  @ForAll @IntRange(min = 1, max = 40) int reads,
                                                                  @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] balances = new long[accounts];
        java.util.Arrays.fill(balances, 10);
        long total = 10L * accounts;
        History.Builder h = History.builder();
        int corrupt = random.nextInt(reads);
        long corruptIndex = -1;
        long t = 0;
        for (int r = 0; r < reads; r++) {
            int from = random.nextInt(accounts);
            int to = random.nextInt(accounts);
            long amount = random.nextInt((int) balances[from] + 1);
            balances[from] -= amount;
            balances[to] += amount;
            Map<Long, Long> read = new LinkedHashMap<>();
            for (int a = 0; a < accounts; a++) read.put((long) a, balances[a]);
            if (r == corrupt) {
                read.put(0L, read.get(0L) + 1); // a transfer applied in part
                corruptIndex = h.size() + 1;
            }
            h.invoke(1, "read", null, t++).ok(1, "read", read, t++);
        }
        BankCheck.Result result = BankCheck.check(h.build(), total);
        assertEquals(reads, result.reads());
        assertEquals(1, result.bad().size(), result.explain());
        assertEquals(corruptIndex, result.bad().get(0).index());
    }

    /**
     * The set story told as transfers with ids: what happened is what the ledger holds. Faithful, it is valid;
     * one acknowledged id taken out of the ledger is exactly one lost transfer, one failed transfer's id put in is
     * exactly one unexpected one.
     */
    @Property(tries = 300)
    void theLedgerCheckFindsExactlyTheTransfersThatVanishedOrCameFromNowhere(
            @ForAll @IntRange(min = 1, max = 60) int n, @ForAll long seed) {
        SetStory s = story(n, seed);
        History.Builder faithful = History.builder();
        History.Builder broken = History.builder();
        Long failed = null;
        for (var op : s.history().build().ops()) {
            Map<Object, Object> value = Map.of(multidriver.check.history.Keyword.of("id"), op.value(),
                    multidriver.check.history.Keyword.of("amount"), 1L);
            faithful.add(op.process(), op.type(), "transfer", value, op.timeNs());
            broken.add(op.process(), op.type(), "transfer", value, op.timeNs());
            if (op.type() == multidriver.check.history.OpType.FAIL && failed == null) failed = (Long) op.value();
        }
        Delivery ok = TransferCheck.check(faithful.invoke(100, "ledger", null, 10_000)
                .ok(100, "ledger", s.present(), 10_001).build());
        assertTrue(ok.valid(), ok.explain());
        assertEquals(s.acknowledged().size(), ok.acknowledged());
        assertEquals(s.recovered(), ok.recovered());
        List<Long> ledger = new ArrayList<>(s.present());
        Long victim = s.acknowledged().isEmpty() ? null
                : s.acknowledged().get((int) Math.floorMod(seed, (long) s.acknowledged().size()));
        if (victim != null) ledger.remove(victim);
        if (failed != null) ledger.add(failed);
        Delivery d = TransferCheck.check(broken.invoke(100, "ledger", null, 10_000).ok(100, "ledger", ledger, 10_001)
                .build());
        assertEquals(victim == null ? List.of() : List.of(victim), d.lost());
        assertEquals(failed == null ? List.of() : List.of(failed), d.unexpected());
    }
}
