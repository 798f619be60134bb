package multidriver.check.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import multidriver.check.history.EdnParser;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.History;
import multidriver.check.model.Model;
import multidriver.check.model.Models;
import multidriver.check.report.HtmlReport;
import multidriver.check.search.CheckOptions;
import multidriver.check.search.Linearizability;
import multidriver.check.search.Outcome;
import multidriver.check.search.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check.sh --model cas-register [--init EDN] [--independent] [--time-limit S] [--report DIR] [--json]
 * [--knossos PATH] FILE...}: one line per file with verdict and time. Exit 0 valid, 1 invalid, 2 unknown or
 * error; with several files the worst.
 */
@Command(name = "check.sh", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = CliSupport.class,
        description = "Checks Jepsen histories (EDN or JSON lines) for linearizability.")
public final class CheckMain implements Callable<Integer> {
    /** Environment variable naming a Knossos jar or classpath, used when --knossos is not given. */
    public static final String KNOSSOS_ENV = "MULTIDRIVER_KNOSSOS";

    @Option(names = "--model", required = true, description = "register, cas-register, multi-register, mutex;"
            + " or a counting checker: set, total-queue, bank (with --init TOTAL)")
    String modelName;

    @Option(names = "--init", description = "initial value as an EDN literal: 0, nil, {:x 0 :y 0} (default nil)")
    String init;

    @Option(names = "--strict-nil-reads",
            description = "a read of nil asserts the register is nil (default: matches anything, as in Knossos)")
    boolean strictNilReads;

    @Option(names = "--independent", description = "values are [k v] tuples; check each key separately")
    boolean independent;

    @Option(names = "--time-limit", description = "seconds per file before giving up with unknown")
    Double timeLimitS;

    @Option(names = "--max-steps", description = "search-step budget per partition (deterministic)")
    Long maxSteps;

    @Option(names = "--parallelism", description = "threads for independent keys (default: available cores)")
    Integer parallelism;

    @Option(names = "--report", description = "write a self-contained HTML report per file into DIR, and its"
            + " explorer page (NAME.explorer.html: zoomable time axis, fault bands, the checker's explanation)")
    Path reportDir;

    @Option(names = "--json", description = "print one JSON object per file instead of a text line")
    boolean json;

    @Option(names = "--knossos", description = "Knossos jar or classpath for a cross-check (or env " + KNOSSOS_ENV + ")")
    String knossos;

    @Option(names = "--repeat", description = "benchmark: check each file N times, report the median time (the first runs are cold)",
            defaultValue = "1")
    int repeat;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "history files")
    List<Path> files;

    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private final Map<String, String> env;

    CheckMain(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs the CLI in-process; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CheckMain main = new CheckMain(env);
        main.out = out;
        main.err = err;
        CommandLine cl = new CommandLine(main);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("error: " + e.getMessage());
            return 2;
        });
        cl.setParameterExceptionHandler(CliSupport.oneLineErrors(err, "check"));
        int code = cl.execute(args);
        // picocli returns 2 for usage errors already; keep 0/1/2 only.
        return code > 2 ? 2 : code;
    }

    @Override
    public Integer call() {
        if (COUNTING.contains(modelName)) {
            return countingCheck();
        }
        Model model;
        try {
            model = Models.byName(modelName, init == null ? null : EdnParser.parseOne(init), !strictNilReads);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (repeat < 1) {
            err.println("error: --repeat must be >= 1");
            return 2;
        }
        if (timeLimitS != null && !(timeLimitS > 0 && timeLimitS <= 86_400)) {
            err.println("error: --time-limit must be a number of seconds in (0, 86400], got " + timeLimitS);
            return 2;
        }
        String knossosPath = knossos != null ? knossos : env.get(KNOSSOS_ENV);
        int worst = 0;
        Set<String> reportNames = new HashSet<>();
        try {
            for (Path file : files) {
                FileResult r = checkFile(file, model, knossosPath, reportNames);
                print(r);
                worst = Math.max(worst, r.exitCode());
            }
        } finally {
            if (knossosSession != null) knossosSession.close();
        }
        return worst;
    }

    /** One Knossos worker for all files of this command line (Knossos loads once), opened on first use. */
    private KnossosSession knossosSession;
    private String knossosError;

    private java.util.Optional<KnossosSession> knossos(String path) {
        if (knossosSession == null && knossosError == null) {
            try {
                knossosSession = KnossosSession.open(path);
            } catch (IllegalArgumentException e) {
                knossosError = "error (" + e.getMessage() + ")";
            }
        }
        return java.util.Optional.ofNullable(knossosSession);
    }

    /** Checkers that count elements or balances instead of searching for a linearization. */
    private static final Set<String> COUNTING = Set.of("set", "total-queue", "bank");

    /**
     * {@code --model set|total-queue|bank}: Jepsen's set, total-queue and bank checkers ({@code multidriver.check.total});
     * the bank's expected total is {@code --init}. Exit 0 valid, 1 invalid, 2 error, as for the search.
     */
    private int countingCheck() {
        if (reportDir != null || knossos != null || independent) {
            err.println("error: --report, --knossos and --independent are for the linearizability models");
            return 2;
        }
        Long total = null;
        if (modelName.equals("bank")) {
            Object parsed = init == null ? null : EdnParser.parseOne(init);
            if (!(parsed instanceof Long t)) {
                err.println("error: --model bank needs --init TOTAL, the sum of all balances (an integer)");
                return 2;
            }
            total = t;
        }
        int worst = 0;
        for (Path file : files) {
            FileResult r;
            try {
                History history = HistoryFiles.read(file);
                long t0 = System.nanoTime();
                boolean valid;
                String reason;
                if (total != null) {
                    multidriver.check.total.BankCheck.Result b = multidriver.check.total.BankCheck.check(history, total);
                    valid = b.valid();
                    reason = b.explain();
                } else {
                    multidriver.check.total.Delivery d = modelName.equals("set")
                            ? multidriver.check.total.SetCheck.check(history)
                            : multidriver.check.total.TotalQueueCheck.check(history);
                    valid = d.valid();
                    reason = d.explain();
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                r = new FileResult(file, valid ? Outcome.VALID : Outcome.INVALID, valid ? "" : reason, false, ms,
                        history.size(), 1, 0, null, null);
            } catch (Exception e) {
                r = new FileResult(file, Outcome.UNKNOWN, String.valueOf(e.getMessage()), true, 0, 0, 0, 0, null, null);
            }
            print(r);
            worst = Math.max(worst, r.exitCode());
        }
        return worst;
    }

    private CheckOptions options() {
        long maxMemo = Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 2);
        CheckOptions o = CheckOptions.defaults().withIndependent(independent).withMaxMemoBytes(maxMemo)
                .withParallelism(parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors());
        if (maxSteps != null) {
            o = o.withMaxSearchSteps(maxSteps);
        }
        if (timeLimitS != null) {
            o = o.withDeadlineNs(System.nanoTime() + (long) (timeLimitS * 1e9));
        }
        return o;
    }

    private FileResult checkFile(Path file, Model model, String knossosPath, Set<String> reportNames) {
        History history;
        try {
            history = HistoryFiles.read(file);
        } catch (Exception e) {
            return new FileResult(file, Outcome.UNKNOWN, String.valueOf(e.getMessage()), true, 0, 0, 0, 0, null, null);
        }
        Verdict v = null;
        double ms = 0;
        try {
            double[] runsMs = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                CheckOptions o = options();
                long t0 = System.nanoTime();
                v = Linearizability.check(history, model, o);
                runsMs[i] = (System.nanoTime() - t0) / 1e6;
            }
            // The median: one slow run (a collection, a neighbour's burst on a shared machine) does not move it.
            java.util.Arrays.sort(runsMs);
            ms = runsMs[repeat / 2];
        } catch (IllegalArgumentException e) {
            return new FileResult(file, Outcome.UNKNOWN, e.getMessage(), true, 0, history.size(), 0, 0, null, null);
        }
        Path report = null;
        if (reportDir != null) {
            try {
                report = reportDir.resolve(reportName(file, reportNames));
                HtmlReport.write(history, v, report);
                // The same history on the explorer page: a zoomable time axis, fault bands, the explanation.
                String base = report.getFileName().toString().replaceFirst("\\.html$", "");
                multidriver.check.report.ExplorerPage.write(multidriver.check.report.HistoryExplorer.of(
                        file.getFileName().toString(), history, independent, v), report.resolveSibling(base
                        + ".explorer.html"));
            } catch (Exception e) {
                err.println("error: cannot write report for " + file + ": " + e.getMessage());
                report = null;
            }
        }
        String knossosSummary = null;
        if (knossosPath != null && !knossosPath.isBlank()) {
            long limitMs = timeLimitS == null ? 600_000 : (long) (timeLimitS * 1000);
            knossosSummary = knossos(knossosPath).map(k -> k.check(history, modelName,
                    EdnWriter.toEdn(init == null ? null : EdnParser.parseOne(init)), independent, limitMs).summary())
                    .orElseGet(() -> knossosError);
        }
        return new FileResult(file, v.outcome(), v.reason(), false, ms, history.size(), v.partitions().size(),
                v.searchSteps(), report, knossosSummary);
    }

    private static String reportName(Path file, Set<String> used) {
        String base = file.getFileName().toString().replaceAll("\\.[^.]*$", "");
        String name = base + ".html";
        for (int i = 2; !used.add(name); i++) {
            name = base + "-" + i + ".html";
        }
        return name;
    }

    private void print(FileResult r) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", r.file().toString());
            m.put("verdict", r.error() ? "error" : r.outcome().name().toLowerCase(Locale.ROOT));
            m.put("checkMs", Math.round(r.checkMs() * 1000) / 1000.0);
            m.put("events", r.events());
            m.put("partitions", r.partitions());
            m.put("searchSteps", r.searchSteps());
            m.put("reason", r.reason());
            m.put("report", r.report() == null ? null : r.report().toString());
            m.put("knossos", r.knossos());
            try {
                out.println(new ObjectMapper().writeValueAsString(m));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        String verdict = r.error() ? "ERROR" : r.outcome().name();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %9.3fs  %s", verdict,
                r.checkMs() / 1000, r.file()));
        if (!r.error()) {
            line.append(String.format(Locale.ROOT, "  (%d events, %d %s, %d steps)", r.events(), r.partitions(),
                    r.partitions() == 1 ? "partition" : "partitions", r.searchSteps()));
        }
        if (r.knossos() != null) {
            line.append("  | knossos: ").append(r.knossos());
        }
        if (!r.reason().isEmpty()) {
            line.append("\n    ").append(r.reason());
        }
        if (r.report() != null) {
            line.append("\n    report: ").append(r.report());
        }
        out.println(line);
    }
}
