package multidriver.chaos.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import multidriver.check.total.BankCheck;
import multidriver.check.total.Delivery;

/**
 * What the checker of a set, queue or bank workload found, in the words of a Jepsen analysis, for results.json (under
 * the workload's name) and the report page.
 *
 * @param workload    {@code set}, {@code queue} or {@code bank}
 * @param valid       whether the checker found nothing wrong
 * @param explanation one line
 * @param details     the figures for results.json (counts, fractions, the first 1,000 elements of each list)
 * @param lists       heading → entries, for the report page; only non-empty ones are shown
 */
public record TotalFinding(String workload, boolean valid, String explanation, Map<String, Object> details,
                           Map<String, List<Object>> lists) {
    private static final int LISTED = 1_000;

    public TotalFinding {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        lists = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lists));
    }

    /** Jepsen's set: lost (acknowledged, not in the final read), unexpected, recovered. */
    public static TotalFinding ofSet(Delivery d) {
        Map<String, Object> m = delivery(d);
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        lists.put("Lost acknowledged elements (first 1,000)", first(d.lost()));
        lists.put("Unexpected elements", first(d.unexpected()));
        return new TotalFinding("set", d.valid(), d.explain(), m, lists);
    }

    /** Jepsen's total-queue: confirmed messages never consumed are lost; duplicates are counted, not invalid. */
    public static TotalFinding ofQueue(Delivery d) {
        Map<String, Object> m = delivery(d);
        // Sorted before the cut: Delivery's map has no order of its own, and the listed ones must not vary by run.
        List<Object> duplicated = d.duplicated().entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .sorted().limit(LISTED).map(x -> (Object) x).toList();
        m.put("duplicatedCount", d.duplicated().size());
        m.put("duplicated", duplicated);
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        lists.put("Lost confirmed messages (first 1,000)", first(d.lost()));
        lists.put("Unexpected messages (never published, or published with a failure)", first(d.unexpected()));
        lists.put("Duplicated messages (delivered more than once; allowed, at least once)", duplicated);
        return new TotalFinding("queue", d.valid(), d.explain().replace("element", "message"), m, lists);
    }

    /** The bank: every read's total and sign ({@link BankCheck}), and the acknowledged transfers in the ledger. */
    public static TotalFinding ofBank(BankCheck.Result totals, Delivery transfers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reads", totals.reads());
        m.put("expectedTotal", totals.expectedTotal());
        m.put("badReads", totals.bad().size());
        m.put("transfers", delivery(transfers));
        List<Object> bad = totals.bad().stream().limit(LISTED)
                .map(b -> (Object) b.explain(totals.expectedTotal())).toList();
        m.put("badReadList", bad);
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        lists.put("Reads with a wrong total or a negative balance (first 1,000)", bad);
        lists.put("Lost acknowledged transfers: committed, then missing from the ledger (first 1,000)",
                first(transfers.lost()));
        lists.put("Unexpected transfers: in the ledger though never attempted, or reported failed",
                first(transfers.unexpected()));
        boolean valid = totals.valid() && transfers.valid();
        String explanation = (totals.valid() ? "" : totals.explain() + "; ")
                + (transfers.valid() ? (totals.valid() ? totals.explain() + "; " : "") + "every acknowledged"
                        + " transfer is in the ledger (" + transfers.acknowledged() + ")"
                        : "transfers: " + transfers.explain().replace("element", "transfer"));
        return new TotalFinding("bank", valid, explanation, m, lists);
    }

    /** The files: every acknowledged upload reads back byte for byte after the heal, and every download read a sent file. */
    public static TotalFinding ofFiles(multidriver.check.total.FileCheck.Result r) {
        Map<String, Object> m = delivery(r.files());
        m.put("badDownloads", first(r.badDownloads()));
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        lists.put("Lost acknowledged uploads: missing, or with other bytes, after the heal (name:sha256, first 1,000)",
                first(r.files().lost()));
        lists.put("Unexpected files: bytes no upload sent (name:sha256)", first(r.files().unexpected()));
        lists.put("Downloads during the run that read bytes no upload sent, or found an acknowledged file absent",
                first(r.badDownloads()));
        return new TotalFinding("files", r.valid(), r.explain(), m, lists);
    }

    private static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", d.valid());
        m.put("attempted", d.attempted());
        m.put("acknowledged", d.acknowledged());
        m.put("lostCount", d.lost().size());
        m.put("lostFraction", Math.round(1e4 * d.lostFraction()) / 1e4);
        m.put("lost", first(d.lost()));
        m.put("unexpected", first(d.unexpected()));
        m.put("recovered", d.recovered().size());
        m.put("explanation", d.explain());
        return m;
    }

    private static List<Object> first(List<Object> elements) {
        return elements.stream().limit(LISTED).toList();
    }
}
