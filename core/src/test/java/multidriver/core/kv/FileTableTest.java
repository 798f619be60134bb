package multidriver.core.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The file store's rules, entry by entry, as every replica applies them. */
class FileTableTest {
    private final KvStateMachine kv = KvStateMachine.withDefaults();
    private long index;

    private KvResult apply(long term, FileCommand command) {
        return kv.apply(++index, term, KvCodec.encode(command));
    }

    @Test
    void aFileIsVisibleOnlyOnceItsCommitIsApplied() {
        assertEquals("begun", apply(1, new FileCommand.Begin(7, "a.txt", "")).value());
        assertEquals("write", apply(1, new FileCommand.Chunk(7, 0, new byte[]{1, 2}, "")).value());
        assertNotNull(kv.blobWrite());
        assertEquals("write", apply(1, new FileCommand.Chunk(7, 2, new byte[]{3}, "")).value());
        assertNull(kv.files().file("a.txt"));
        assertEquals(3L, kv.files().blobLengths().get(7L));
        KvResult done = apply(1, new FileCommand.Commit(7, 3, "sha", 99, ""));
        assertEquals(KvResult.Status.OK, done.status());
        FileMeta f = kv.files().file("a.txt");
        assertEquals(new FileMeta("a.txt", 7, 3, "sha", 99, index), f);
        // A retried commit answers as the first did.
        assertEquals(done, apply(1, new FileCommand.Commit(7, 3, "sha", 99, "")));
    }

    @Test
    void aRepeatedChunkIsIgnoredAndAGapIsRefused() {
        apply(1, new FileCommand.Begin(7, "a", ""));
        apply(1, new FileCommand.Chunk(7, 0, new byte[]{1, 2}, ""));
        assertEquals("duplicate", apply(1, new FileCommand.Chunk(7, 0, new byte[]{1, 2}, "")).value());
        assertNull(kv.blobWrite());
        assertEquals(KvResult.Status.INVALID, apply(1, new FileCommand.Chunk(7, 5, new byte[]{1}, "")).status());
        assertEquals(KvResult.Status.INVALID, apply(1, new FileCommand.Commit(7, 9, "x", 0, "")).status());
    }

    @Test
    void ofTwoConcurrentUploadsOfOneNameTheFirstCommitWins() {
        apply(1, new FileCommand.Begin(1, "n", ""));
        apply(1, new FileCommand.Begin(2, "n", ""));
        assertEquals(KvResult.Status.OK, apply(1, new FileCommand.Commit(2, 0, "b", 0, "")).status());
        assertEquals(KvResult.Status.CAS_MISMATCH, apply(1, new FileCommand.Commit(1, 0, "a", 0, "")).status());
        assertEquals(2L, kv.files().file("n").blobId());
        assertEquals(1, kv.files().blobLengths().size(), "the loser's blob is no longer alive");
    }

    @Test
    void anEntryOfALaterTermAbortsTheUploadsOfEarlierLeaders() {
        apply(1, new FileCommand.Begin(1, "n", ""));
        apply(1, new FileCommand.Chunk(1, 0, new byte[]{1}, ""));
        kv.apply(++index, 2, new byte[0]); // the next leader's no-op
        assertEquals(0, kv.files().uploadCount());
        assertEquals(KvResult.Status.NOT_FOUND, apply(2, new FileCommand.Chunk(1, 1, new byte[]{2}, "")).status());
        assertNull(kv.files().file("n"));
    }

    @Test
    void badNamesAndStrangersAreRefused() {
        for (String bad : new String[]{"", ".", "..", "a/b", "..\\x", "a\u0000b", "x".repeat(256)}) {
            assertEquals(KvResult.Status.INVALID, apply(1, new FileCommand.Begin(3, bad, "")).status(), bad);
        }
        apply(1, new FileCommand.Begin(4, "mine", "alice"));
        assertEquals(KvResult.Status.FORBIDDEN, apply(1, new FileCommand.Chunk(4, 0, new byte[]{1}, "bob")).status());
        assertEquals(KvResult.Status.FORBIDDEN, apply(1, new FileCommand.Commit(4, 0, "s", 0, "bob")).status());
    }

    @Test
    void aDeleteRemovesTheFileAndItsBlobFromTheLiveSet() {
        apply(1, new FileCommand.Begin(5, "d", ""));
        apply(1, new FileCommand.Commit(5, 0, "e3b0", 1, ""));
        assertEquals(KvResult.Status.OK, apply(1, new FileCommand.Delete("d", "")).status());
        assertEquals(KvResult.Status.NOT_FOUND, apply(1, new FileCommand.Delete("d", "")).status());
        assertEquals(0, kv.files().blobLengths().size());
    }

    @Test
    void theFileTableTravelsInTheSnapshot() {
        apply(1, new FileCommand.Begin(5, "kept", ""));
        apply(1, new FileCommand.Chunk(5, 0, new byte[]{9, 9}, ""));
        apply(1, new FileCommand.Commit(5, 2, "h", 3, ""));
        apply(1, new FileCommand.Begin(6, "open", ""));
        KvStateMachine restored = KvStateMachine.restore(kv.snapshot(), 10, 100);
        assertEquals(kv.files().files(), restored.files().files());
        assertEquals(kv.files().blobLengths(), restored.files().blobLengths());
        assertEquals(1, restored.files().uploadCount());
    }
}
