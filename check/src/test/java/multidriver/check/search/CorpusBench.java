package multidriver.check.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import multidriver.check.history.History;

/**
 * The checker's benchmark on the corpus, warm and in-process (a benchmark, never a test: it asserts nothing about
 * time). Each folder is checked in passes over all its histories; the first passes warm the JIT up, then the
 * median pass is reported with the search steps and the verdicts against the expected ones. The histories are small
 * (the Knossos corpus's take about 0.05 ms each), so the JIT decides the time: on this machine the Knossos folder
 * took 33 ms a pass after 20 warm-up passes, 7.7 ms after 100 and 6.6 ms after 400; hence 200 by default.
 *
 * <pre>
 * mvn -B -q -pl check test-compile
 * java -Dmultidriver.repoRoot=$PWD -cp check/target/check-0.1.0-SNAPSHOT-all.jar:check/target/test-classes \
 *     multidriver.check.search.CorpusBench [CORPUS_DIR] [WARM_PASSES] [PASSES]
 * </pre>
 * CORPUS_DIR defaults to {@code ../shared/corpus} beside the repository; a folder that is absent there is read from the copy in the test
 * resources when there is one, else skipped with a line that says so.
 */
public final class CorpusBench {
    private CorpusBench() {
    }

    private record Loaded(CorpusTest.Case c, History history) {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = args.length > 0 ? Path.of(args[0]) : CorpusTest.corpusRoot();
        int warmPasses;
        int passes;
        try {
            warmPasses = args.length > 1 ? positive(args[1], "WARM_PASSES") : 200;
            passes = args.length > 2 ? positive(args[2], "PASSES") : 9;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        report("knossos", corpus, CorpusTest::knossosCases, warmPasses, passes);
        report("etcd", corpus, CorpusTest::etcdStrictCases, warmPasses, passes);
        report("hard", corpus, CorpusTest::hardCases, warmPasses, passes);
    }

    private static int positive(String text, String name) {
        try {
            int v = Integer.parseInt(text);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, got '" + text + "'");
    }

    private interface Loader {
        List<CorpusTest.Case> load(Path corpus) throws IOException;
    }

    private static void report(String name, Path corpus, Loader loader, int warmPasses, int passes)
            throws IOException {
        Path root = CorpusTest.rootWith(corpus, name);
        if (!Files.isDirectory(root.resolve(name))) {
            System.out.printf(Locale.ROOT, "%-8s SKIPPED: %s is absent%n", name, root.resolve(name));
            return;
        }
        List<Loaded> loaded = new ArrayList<>();
        for (CorpusTest.Case c : loader.load(root)) {
            loaded.add(new Loaded(c, CorpusTest.read(c.file())));
        }
        long steps = 0;
        int agree = 0;
        int unknown = 0;
        double[] passMs = new double[passes];
        for (int pass = 0; pass < warmPasses + passes; pass++) {
            long t0 = System.nanoTime();
            long passSteps = 0;
            int passAgree = 0;
            int passUnknown = 0;
            for (Loaded l : loaded) {
                Verdict v = Linearizability.check(l.history(), l.c().model(), CheckOptions.defaults());
                passSteps += v.searchSteps();
                if (v.outcome() == Outcome.UNKNOWN) passUnknown++;
                if (v.outcome() == (l.c().expectedValid() ? Outcome.VALID : Outcome.INVALID)) passAgree++;
            }
            if (pass >= warmPasses) passMs[pass - warmPasses] = (System.nanoTime() - t0) / 1e6;
            steps = passSteps;
            agree = passAgree;
            unknown = passUnknown;
        }
        Arrays.sort(passMs);
        System.out.printf(Locale.ROOT, "%-8s %3d histories: %d/%d verdicts as expected, %d unknown; median pass %.2f ms"
                + " (of %d after %d warm-up passes), %d search steps%n", name, loaded.size(), agree, loaded.size(),
                unknown, passMs[passes / 2], passes, warmPasses, steps);
    }
}
