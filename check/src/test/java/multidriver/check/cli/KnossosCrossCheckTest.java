package multidriver.check.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import multidriver.check.history.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Knossos is not downloadable here: test what happens without it, with clear messages. */
class KnossosCrossCheckTest {
    private static final History H = History.builder().invoke(0, "write", 1, 0).ok(0, "write", 1, 1).build();

    @Test
    void noKnossosGivenSaysHowToGiveIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KnossosCrossCheck.urls(" "));
        assertTrue(e.getMessage().contains("--knossos PATH"), e.getMessage());
        assertTrue(e.getMessage().contains(CheckMain.KNOSSOS_ENV), e.getMessage());
    }

    @Test
    void missingPathIsAnError(@TempDir Path dir) {
        KnossosCrossCheck.Result r = KnossosCrossCheck.run(dir.resolve("knossos-0.3.jar").toString(), H,
                "cas-register", 0L, false, 10_000);
        assertEquals("error", r.verdict());
        assertTrue(r.message().contains("does not exist"), r.message());
    }

    @Test
    void aJarWithoutKnossosSaysKnossosCannotBeLoaded(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("not-knossos.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, new Manifest())) {
            j.flush();
        }
        KnossosCrossCheck.Result r = KnossosCrossCheck.run(jar.toString(), H, "cas-register", 0L, false, 60_000);
        assertEquals("error", r.verdict(), r.summary());
        assertTrue(r.message().contains("cannot load knossos.competition from " + jar), r.message());
    }

    /**
     * With a real Knossos ({@code MULTIDRIVER_KNOSSOS}, see check/README.md): its verdicts on a few corpus histories
     * agree with the expected ones. Skipped, saying so, when the variable is not set.
     */
    @Test
    void withARealKnossosItsVerdictsAgreeOnCorpusHistories() throws Exception {
        String knossos = System.getenv(CheckMain.KNOSSOS_ENV);
        org.junit.jupiter.api.Assumptions.assumeTrue(knossos != null && !knossos.isBlank(),
                CheckMain.KNOSSOS_ENV + " is not set: no Knossos to cross-check against (check/README.md says how to"
                        + " make one)");
        Path corpus = Path.of(System.getProperty("multidriver.repoRoot", System.getProperty("user.dir") + "/.."))
                .resolve("../shared/corpus/etcd").normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(corpus), "no corpus at " + corpus);
        java.util.List<String> lines = Files.readAllLines(corpus.resolve("EXPECTED.txt"));
        try (KnossosSession session = KnossosSession.open(knossos)) {
            for (String line : lines.subList(0, Math.min(6, lines.size()))) {
                String[] cols = line.trim().split("\\s+");
                History h = multidriver.check.history.EdnReader.read(corpus.resolve(cols[0] + ".edn"));
                KnossosCrossCheck.Result r = session.check(h, "cas-register", "nil", false, 60_000);
                assertEquals(Boolean.parseBoolean(cols[1]) ? "valid" : "invalid", r.verdict(), cols[0] + ": "
                        + r.summary());
            }
        }
    }
}
