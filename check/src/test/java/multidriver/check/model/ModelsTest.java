package multidriver.check.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import multidriver.check.history.Keyword;
import org.junit.jupiter.api.Test;

class ModelsTest {
    @Test
    void casRegisterReadsWritesAndComparesAndSets() {
        Model m = Models.casRegister(0);
        assertEquals(0L, m.init());
        assertEquals(0L, m.step(0L, "read", 0L));
        assertSame(Model.INCONSISTENT, m.step(0L, "read", 1L));
        assertEquals(0L, m.step(0L, "read", null), "Knossos: a nil read matches any state");
        assertEquals(7L, m.step(0L, "write", 7L));
        assertEquals(2L, m.step(1L, "cas", List.of(1L, 2L)));
        assertSame(Model.INCONSISTENT, m.step(3L, "cas", List.of(1L, 2L)));
        assertTrue(m.isReadOnly("read", 1L));
        assertTrue(m.isNoOp("read", null));
        assertThrows(IllegalArgumentException.class, () -> m.validate("cas", 5L));
        assertThrows(IllegalArgumentException.class, () -> m.validate("delete", null));
        assertThrows(IllegalArgumentException.class, () -> Models.register(0).validate("cas", List.of(1L, 2L)));
    }

    @Test
    void strictNilReadsAssertTheRegisterIsNil() {
        Model m = Models.casRegister(null, false);
        assertEquals(null, m.step(null, "read", null));
        assertSame(Model.INCONSISTENT, m.step(3L, "read", null), "an absent-key read after a write is stale");
        assertTrue(!m.isNoOp("read", null));
    }

    @Test
    void multiRegisterAppliesATransactionInOrder() {
        Model m = Models.multiRegister(Map.of(new Keyword("x"), 0, new Keyword("y"), 0));
        Object s = m.init();
        Object afterWrite = m.step(s, "txn", List.of(List.of(new Keyword("write"), new Keyword("x"), 1L),
                List.of(new Keyword("read"), new Keyword("x"), 1L)));
        assertEquals(Map.of("x", 1L, "y", 0L), afterWrite);
        // JSON lines give strings where EDN gives keywords: the same key.
        assertEquals(afterWrite, m.step(afterWrite, "txn", List.of(List.of("read", "x", 1L), List.of("read", "y", 0L))));
        assertSame(Model.INCONSISTENT, m.step(afterWrite, "txn", List.of(List.of("read", "y", 1L))));
        assertTrue(m.isReadOnly("txn", List.of(List.of("read", "x", 3L))));
        assertThrows(IllegalArgumentException.class, () -> m.validate("txn", List.of(List.of("incr", "x", 1L))));
    }

    @Test
    void mutexNeedsFreeToAcquireAndHeldToRelease() {
        Model m = Models.mutex();
        Object locked = m.step(m.init(), "acquire", null);
        assertEquals(Boolean.TRUE, locked);
        assertSame(Model.INCONSISTENT, m.step(locked, "acquire", null));
        assertEquals(Boolean.FALSE, m.step(locked, "release", null));
        assertSame(Model.INCONSISTENT, m.step(m.init(), "release", null));
    }

    @Test
    void unknownModelNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.byName("queue", null));
        assertTrue(e.getMessage().contains("cas-register"), e.getMessage());
    }
}
