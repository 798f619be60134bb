package multidriver.check.total;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import multidriver.check.history.History;
import org.junit.jupiter.api.Test;

/** The set, total-queue and bank checkers on histories small enough to read. */
class TotalChecksTest {
    @Test
    void aSetThatLostAnAcknowledgedAddSaysWhichAndHowMany() {
        History h = History.builder()
                .invoke(0, "add", 1L, 0).ok(0, "add", 1L, 1)
                .invoke(1, "add", 2L, 2).ok(1, "add", 2L, 3)
                .invoke(2, "add", 3L, 4).info(2, "add", 3L, 5)
                .invoke(3, "add", 4L, 6).fail(3, "add", 4L, 7)
                .invoke(4, "read", null, 8).ok(4, "read", List.of(1L, 3L), 9)
                .build();
        Delivery d = SetCheck.check(h);
        assertFalse(d.valid());
        assertEquals(List.of(2L), d.lost());
        assertEquals(List.of(3L), d.recovered(), "the :info add happened after all");
        assertEquals(List.of(), d.unexpected());
        assertEquals(0.5, d.lostFraction());
        assertTrue(d.explain().startsWith("1 of 2 acknowledged elements lost (50.0%), first 2"), d.explain());
    }

    @Test
    void aSetReadWithAnElementNobodyAddedIsUnexpected() {
        History h = History.builder()
                .invoke(0, "add", 1L, 0).ok(0, "add", 1L, 1)
                .invoke(4, "read", null, 8).ok(4, "read", List.of(1L, 99L), 9)
                .build();
        Delivery d = SetCheck.check(h);
        assertEquals(List.of(99L), d.unexpected());
        assertFalse(d.valid());
    }

    @Test
    void anAddThatSurelyFailedButIsThereIsUnexpected() {
        // A client that reports as :fail an add that happened would hide every anomaly behind it.
        History h = History.builder()
                .invoke(0, "add", 1L, 0).fail(0, "add", 1L, 1)
                .invoke(4, "read", null, 8).ok(4, "read", List.of(1L), 9)
                .build();
        Delivery d = SetCheck.check(h);
        assertEquals(List.of(1L), d.unexpected());
        assertFalse(d.valid());
    }

    @Test
    void aSetWithoutAFinalReadIsAnErrorNotAVerdict() {
        History h = History.builder().invoke(0, "add", 1L, 0).ok(0, "add", 1L, 1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SetCheck.check(h));
        assertTrue(e.getMessage().contains("final read of the whole set"), e.getMessage());
    }

    @Test
    void aQueueMayDeliverTwiceButMustDeliverEveryConfirmedMessage() {
        History h = History.builder()
                .invoke(0, "enqueue", 1L, 0).ok(0, "enqueue", 1L, 1)
                .invoke(0, "enqueue", 2L, 2).ok(0, "enqueue", 2L, 3)
                .invoke(0, "enqueue", 3L, 4) // never completed: may have happened
                .invoke(1, "dequeue", null, 5).ok(1, "dequeue", 1L, 6)
                .invoke(1, "dequeue", null, 7).ok(1, "dequeue", 1L, 8)
                .invoke(2, "drain", null, 9).ok(2, "drain", List.of(2L, 3L), 10)
                .build();
        Delivery d = TotalQueueCheck.check(h);
        assertTrue(d.valid(), d.explain());
        assertEquals(Map.of(1L, 2), d.duplicated());
        assertEquals(List.of(3L), d.recovered());
        assertEquals(3, d.attempted());
    }

    @Test
    void aQueueThatDroppedAConfirmedMessageIsInvalid() {
        History h = History.builder()
                .invoke(0, "enqueue", 1L, 0).ok(0, "enqueue", 1L, 1)
                .invoke(0, "enqueue", 2L, 2).ok(0, "enqueue", 2L, 3)
                .invoke(1, "dequeue", null, 5).ok(1, "dequeue", 2L, 6)
                .invoke(1, "dequeue", null, 7).ok(1, "dequeue", null, 8) // empty
                .build();
        Delivery d = TotalQueueCheck.check(h);
        assertEquals(List.of(1L), d.lost());
        assertFalse(d.valid());
    }

    @Test
    void aBankReadWithTheWrongTotalOrANegativeBalanceIsNamed() {
        History h = History.builder()
                .invoke(0, "transfer", Map.of("from", 0L, "to", 1L, "amount", 5L), 0)
                .ok(0, "transfer", Map.of("from", 0L, "to", 1L, "amount", 5L), 1)
                .invoke(1, "read", null, 2).ok(1, "read", Map.of(0L, 5L, 1L, 15L), 3)
                .invoke(1, "read", null, 4).ok(1, "read", Map.of(0L, 10L, 1L, 15L), 5)
                .invoke(1, "read", null, 6).ok(1, "read", Map.of(0L, -5L, 1L, 25L), 7)
                .build();
        BankCheck.Result r = BankCheck.check(h, 20);
        assertFalse(r.valid());
        assertEquals(3, r.reads());
        assertEquals(2, r.bad().size());
        assertEquals(25, r.bad().get(0).total());
        assertEquals(List.of(0L), r.bad().get(1).negative());
        assertTrue(r.explain().startsWith("2 of 3 reads broke the bank: read at op 5"), r.explain());
    }

    private static Map<Object, Object> transfer(long id, long from, long to, long amount) {
        return Map.of(multidriver.check.history.Keyword.of("id"), id, multidriver.check.history.Keyword.of("from"),
                from, multidriver.check.history.Keyword.of("to"), to, multidriver.check.history.Keyword.of("amount"),
                amount);
    }

    @Test
    void anAcknowledgedTransferMissingFromTheLedgerIsLostThoughEveryTotalIsRight() {
        History h = History.builder()
                .invoke(0, "transfer", transfer(1, 0, 1, 5), 0).ok(0, "transfer", transfer(1, 0, 1, 5), 1)
                .invoke(1, "transfer", transfer(2, 1, 0, 3), 2).ok(1, "transfer", transfer(2, 1, 0, 3), 3)
                .invoke(2, "transfer", transfer(3, 1, 0, 1), 4).info(2, "transfer", transfer(3, 1, 0, 1), 5)
                .invoke(3, "transfer", transfer(4, 1, 0, 9), 6).fail(3, "transfer", transfer(4, 1, 0, 9), 7)
                .invoke(9, "read", null, 8).ok(9, "read", Map.of(0L, 95L, 1L, 105L), 9)
                .invoke(9, "ledger", null, 10).ok(9, "ledger", List.of(1L, 3L), 11)
                .build();
        assertTrue(BankCheck.check(h, 200).valid(), "the totals cannot see a lost transfer");
        Delivery d = TransferCheck.check(h);
        assertEquals(List.of(2L), d.lost());
        assertEquals(List.of(3L), d.recovered());
        assertEquals(List.of(), d.unexpected());
    }

    @Test
    void aFailedTransferInTheLedgerIsUnexpectedAndALedgerIsRequired() {
        History h = History.builder()
                .invoke(3, "transfer", transfer(4, 1, 0, 9), 0).fail(3, "transfer", transfer(4, 1, 0, 9), 1)
                .invoke(9, "ledger", null, 2).ok(9, "ledger", List.of(4L), 3)
                .build();
        assertEquals(List.of(4L), TransferCheck.check(h).unexpected());
        History noLedger = History.builder()
                .invoke(3, "transfer", transfer(4, 1, 0, 9), 0).ok(3, "transfer", transfer(4, 1, 0, 9), 1).build();
        assertThrows(IllegalArgumentException.class, () -> TransferCheck.check(noLedger));
        History noId = History.builder()
                .invoke(3, "transfer", Map.of(), 0).ok(3, "transfer", Map.of(), 1)
                .invoke(9, "ledger", null, 2).ok(9, "ledger", List.of(), 3).build();
        assertThrows(IllegalArgumentException.class, () -> TransferCheck.check(noId));
    }
}
