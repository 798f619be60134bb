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
}
