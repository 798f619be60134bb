package multidriver.check.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import multidriver.check.history.EdnReader;
import multidriver.check.history.History;
import multidriver.check.history.JsonLines;

/** Reads a history file in either format: JSON lines if it starts with {@code {"}, else EDN. */
final class HistoryFiles {
    private HistoryFiles() {
    }

    static History read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        return isJsonLines(file) ? JsonLines.read(file) : EdnReader.read(file);
    }

    static boolean isJsonLines(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            do {
                c = r.read();
            } while (c != -1 && Character.isWhitespace(c));
            if (c != '{') {
                return false;
            }
            do {
                c = r.read();
            } while (c != -1 && Character.isWhitespace(c));
            return c == '"';
        }
    }
}
