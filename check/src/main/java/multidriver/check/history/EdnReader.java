package multidriver.check.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Jepsen/Knossos EDN histories: one vector (or list) of op maps, or a stream of op maps.
 * Nemesis ops are dropped; ops are re-indexed by position.
 */
public final class EdnReader {
    private EdnReader() {
    }

    public static History read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (HistoryFormatException e) {
            throw e.withSource(file.toString());
        }
    }

    public static History parse(String text) {
        EdnParser p = new EdnParser(text);
        List<Op> ops = new ArrayList<>();
        List<NemesisEvent> nemesis = new ArrayList<>();
        if (!p.hasNext()) {
            return History.of(ops, nemesis);
        }
        int open = p.peekChar();
        if (open == '[' || open == '(') {
            char close = open == '[' ? ']' : ')';
            p.expect((char) open);
            while (p.peekChar() != close) {
                if (p.peekChar() == -1) {
                    throw p.error("expected '" + close + "' to close the history, got end of input");
                }
                int line = p.line();
                OpMaps.addTo(p.next(), line, ops, nemesis);
            }
            p.expect(close);
            if (p.hasNext()) {
                throw p.error("expected end of input after the history vector");
            }
        } else {
            while (p.hasNext()) {
                int line = p.line();
                OpMaps.addTo(p.next(), line, ops, nemesis);
            }
        }
        return History.of(ops, nemesis);
    }
}
