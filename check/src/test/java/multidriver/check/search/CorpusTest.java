package multidriver.check.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import multidriver.check.history.EdnReader;
import multidriver.check.history.History;
import multidriver.check.model.Model;
import multidriver.check.model.Models;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every history of the shared corpus ({@code ../shared/corpus} from the repo root) gets exactly its expected
 * verdict. Prints the in-process time per folder (timings are reported, never asserted).
 */
class CorpusTest {
    /** One corpus entry. */
    record Case(String folder, Path file, Model model, boolean expectedValid) {
    }

    static Path corpusRoot() {
        String root = System.getProperty("multidriver.repoRoot", System.getProperty("user.dir") + "/..");
        return Path.of(root).resolve("../shared/corpus").normalize();
    }

    static List<Case> knossosCases(Path corpus) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
        List<Case> out = new ArrayList<>();
        Path dir = corpus.resolve("knossos");
        List<String> lines = Files.readAllLines(dir.resolve("EXPECTED.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t");
            Object init = json.readValue(cols[2], Object.class);
            out.add(new Case("knossos", dir.resolve(cols[0]), Models.byName(cols[1], init), Boolean.parseBoolean(cols[3])));
        }
        return out;
    }

    static List<Case> etcdCases(Path corpus) throws IOException {
        return etcdCases(corpus, true);
    }

    /** Porcupine reads nil as "key absent" (strict); the corpus verdicts hold under both readings. */
    static List<Case> etcdStrictCases(Path corpus) throws IOException {
        return etcdCases(corpus, false);
    }

    static List<Case> etcdCases(Path corpus, boolean nilReadMatchesAny) throws IOException {
        List<Case> out = new ArrayList<>();
        Path dir = corpus.resolve("etcd");
        for (String line : Files.readAllLines(dir.resolve("EXPECTED.txt"))) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.trim().split("\\s+");
            out.add(new Case("etcd", dir.resolve(cols[0] + ".edn"), Models.casRegister(null, nilReadMatchesAny),
                    Boolean.parseBoolean(cols[1])));
        }
        return out;
    }

    /** The generated hard cases (README there): cas-register from 0, verdicts in EXPECTED.txt. */
    static List<Case> hardCases(Path corpus) throws IOException {
        List<Case> out = new ArrayList<>();
        Path dir = corpus.resolve("hard");
        for (String line : Files.readAllLines(dir.resolve("EXPECTED.txt"))) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.trim().split("\\s+");
            out.add(new Case("hard", dir.resolve(cols[0]), Models.casRegister(0L), Boolean.parseBoolean(cols[1])));
        }
        return out;
    }

    static History read(Path file) throws IOException {
        return file.getFileName().toString().endsWith(".jsonl") ? multidriver.check.history.JsonLines.read(file)
                : EdnReader.read(file);
    }

    private static Stream<DynamicTest> folder(String name, List<Case> cases) {
        long[] totalNs = {0};
        int[] done = {0};
        return cases.stream().map(c -> DynamicTest.dynamicTest(name + "/" + c.file().getFileName(), () -> {
            History h;
            try {
                h = read(c.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long t0 = System.nanoTime();
            Verdict v = Linearizability.check(h, c.model(), CheckOptions.defaults());
            long dt = System.nanoTime() - t0;
            totalNs[0] += dt;
            done[0]++;
            assertEquals(c.expectedValid() ? Outcome.VALID : Outcome.INVALID, v.outcome(),
                    c.file() + ": " + v.reason());
            if (done[0] == cases.size()) {
                System.out.printf(Locale.ROOT, "[corpus] %s/: %d histories, %.1f ms total search time (cold JVM)%n",
                        name, cases.size(), totalNs[0] / 1e6);
            }
        }));
    }

    /** Reads one folder's expectations. */
    private interface Loader {
        List<Case> load(Path corpus) throws IOException;
    }

    /**
     * The corpus root that holds folder {@code name}: {@code corpus}, else the copy kept in the repository (so mvn
     * verify always checks it) when that has the folder; {@code corpus} again when neither has it.
     */
    static Path rootWith(Path corpus, String name) {
        if (!Files.isDirectory(corpus.resolve(name)) && Files.isDirectory(vendoredRoot().resolve(name))) {
            return vendoredRoot();
        }
        return corpus;
    }

    private static Stream<DynamicTest> corpusFolder(String name, String label, Loader loader) throws IOException {
        Path corpus = rootWith(corpusRoot(), name);
        if (!Files.isDirectory(corpus.resolve(name))) {
            String why = "corpus folder " + corpus.resolve(name) + " is absent: skipping the " + name + " corpus";
            System.out.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        return folder(label, loader.load(corpus));
    }

    /** check/src/test/resources/corpus: the hard folder, copied from the shared corpus (data, never edited). */
    static Path vendoredRoot() {
        String root = System.getProperty("multidriver.repoRoot", System.getProperty("user.dir") + "/..");
        return Path.of(root).resolve("check/src/test/resources/corpus").normalize();
    }

    @TestFactory
    Stream<DynamicTest> knossosCorpus() throws IOException {
        return corpusFolder("knossos", "knossos", CorpusTest::knossosCases);
    }

    @TestFactory
    Stream<DynamicTest> hardCorpus() throws IOException {
        return corpusFolder("hard", "hard", CorpusTest::hardCases);
    }

    @TestFactory
    Stream<DynamicTest> etcdCorpus() throws IOException {
        return corpusFolder("etcd", "etcd", CorpusTest::etcdCases);
    }

    @TestFactory
    Stream<DynamicTest> etcdCorpusWithStrictNilReads() throws IOException {
        return corpusFolder("etcd", "etcd (strict nil reads)", CorpusTest::etcdStrictCases);
    }
}
