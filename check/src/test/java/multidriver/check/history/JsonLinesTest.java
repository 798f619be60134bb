package multidriver.check.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
    @Test
    void roundTripsThroughAFileWithKeywordsBecomingStrings(@TempDir Path dir) throws IOException {
        History h = History.builder()
                .invoke(3, "write", List.of(new Keyword("k1"), 5), 100)
                .ok(3, "write", List.of(new Keyword("k1"), 5), 200)
                .invoke(4, "read", Values.tuple("k1", null), 300)
                .info(4, "read", Values.tuple("k1", null), 400)
                .build();
        Path file = dir.resolve("h.jsonl");
        JsonLines.write(h, file);
        History back = JsonLines.read(file);
        assertEquals(4, back.size());
        assertEquals(List.of("k1", 5L), back.get(0).value());
        assertEquals(OpType.INFO, back.get(3).type());
        assertEquals(400L, back.get(3).timeNs());
        assertEquals(h.get(2), back.get(2));
    }

    @Test
    void malformedLineIsNamed() {
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> JsonLines.parse(
                "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n\n{\"process\":1,\"type\":\n"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("expected one JSON object per line"), e.getMessage());
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"process\":1,\"type\":\"later\",\"f\":\"read\"}\n");
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> JsonLines.read(file));
        assertTrue(e.getMessage().startsWith(file + ": line 1: expected :type"), e.getMessage());
    }
}
