package multidriver.check.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdnReaderTest {
    @Test
    void readsAVectorOfOpMapsAndDropsNemesisOps() {
        History h = EdnReader.parse("""
                [{:process 0, :type :invoke, :f :write, :value [:k1 5], :time 10}
                 {:process :nemesis, :type :info, :f :start, :value "Cut off [:n1 #{:n2}]"}
                 ; a comment
                 {:process 0, :type :ok, :f :write, :value [:k1 5], :time 20, :error nil}]
                """);
        assertEquals(2, h.size());
        Op first = h.get(0);
        assertEquals(0, first.index());
        assertEquals(OpType.INVOKE, first.type());
        assertEquals("write", first.f());
        assertEquals(List.of(new Keyword("k1"), 5L), first.value());
        assertEquals(10L, first.timeNs());
        assertEquals(1, h.get(1).index());
    }

    @Test
    void readsAStreamOfMapsAndAListOfMaps() {
        String stream = "{:process 1 :type :invoke :f :read :value nil}\n{:process 1 :type :ok :f :read :value 3}\n";
        History a = EdnReader.parse(stream);
        History b = EdnReader.parse("(" + stream + ")");
        assertEquals(2, a.size());
        assertEquals(a.ops(), b.ops());
        assertNull(a.get(0).value());
        assertEquals(3L, a.get(1).value());
        assertEquals(Op.NO_TIME, a.get(0).timeNs());
    }

    @Test
    void writerOutputReadsBackToTheSameOps() {
        History h = History.builder()
                .invoke(3, "cas", List.of(1, 2), 5)
                .invoke(4, "txn", List.of(Values.tuple(new Keyword("read"), new Keyword("x"), null)), 6)
                .ok(3, "cas", List.of(1, 2), 7)
                .info(4, "txn", List.of(Values.tuple(new Keyword("read"), new Keyword("x"), null)), 8)
                .invoke(5, "write", "a \"quoted\"\nstring", Op.NO_TIME)
                .fail(5, "write", Map.of(new Keyword("a"), 1), Op.NO_TIME)
                .build();
        assertEquals(h.ops(), EdnReader.parse(EdnWriter.toString(h)).ops());
    }

    @Test
    void malformedInputNamesTheLineAndWhatWasExpected() {
        HistoryFormatException missingType = assertThrows(HistoryFormatException.class, () -> EdnReader.parse(
                "[{:process 0 :type :invoke :f :read}\n {:process 0 :f :read :value 1}]"));
        assertEquals(2, missingType.line());
        assertTrue(missingType.getMessage().contains("expected :type"), missingType.getMessage());

        HistoryFormatException badType = assertThrows(HistoryFormatException.class, () -> EdnReader.parse(
                "\n\n{:process 0 :type :done :f :read}"));
        assertEquals(3, badType.line());
        assertTrue(badType.getMessage().contains(":invoke :ok :fail :info"), badType.getMessage());

        HistoryFormatException unclosed = assertThrows(HistoryFormatException.class, () -> EdnReader.parse(
                "[{:process 0 :type :invoke :f :read}\n"));
        assertTrue(unclosed.getMessage().contains("expected ']'"), unclosed.getMessage());

        HistoryFormatException notAMap = assertThrows(HistoryFormatException.class, () -> EdnReader.parse("[1 2]"));
        assertTrue(notAMap.getMessage().contains("expected an op map"), notAMap.getMessage());

        HistoryFormatException oddMap = assertThrows(HistoryFormatException.class, () -> EdnReader.parse(
                "{:process 0 :type}"));
        assertTrue(oddMap.getMessage().contains("even number of forms"), oddMap.getMessage());
    }

    @Test
    void parsesEdnLiteralsForInitialValues() {
        assertEquals(0L, EdnParser.parseOne("0"));
        assertNull(EdnParser.parseOne("nil"));
        assertEquals(Map.of(new Keyword("x"), 0L, new Keyword("y"), 0L), EdnParser.parseOne("{:x 0 :y 0}"));
        assertEquals(new java.math.BigInteger("123456789012345678901234"), EdnParser.parseOne("123456789012345678901234N"));
        assertThrows(HistoryFormatException.class, () -> EdnParser.parseOne("1 2"));
        assertThrows(HistoryFormatException.class, () -> EdnParser.parseOne(""));
    }
}
