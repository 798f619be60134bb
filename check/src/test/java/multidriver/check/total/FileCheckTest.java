package multidriver.check.total;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import multidriver.check.history.History;
import org.junit.jupiter.api.Test;

/** The files workload's check: every acknowledged upload reads back byte for byte, and nothing else does. */
class FileCheckTest {
    @Test
    void everyAcknowledgedUploadMustReadBackWithItsOwnHash() {
        History h = History.builder()
                .invoke(0, "upload", "a:11", 0).ok(0, "upload", "a:11", 1)
                .invoke(1, "upload", "b:22", 2).ok(1, "upload", "b:22", 3)
                .invoke(2, "upload", "c:33", 4).info(2, "upload", "c:33", 5)
                .invoke(9, "files", null, 6).ok(9, "files", List.of("a:11", "c:33"), 7)
                .build();
        FileCheck.Result r = FileCheck.check(h);
        assertFalse(r.valid());
        assertEquals(List.of("b:22"), r.files().lost());
        assertEquals(List.of("c:33"), r.files().recovered());
        assertTrue(r.explain().startsWith("1 of 2 acknowledged files lost"), r.explain());
    }

    @Test
    void aFileThatReadsBackWithOtherBytesIsUnexpectedAndItsUploadLost() {
        History h = History.builder()
                .invoke(0, "upload", "a:11", 0).ok(0, "upload", "a:11", 1)
                .invoke(9, "files", null, 6).ok(9, "files", List.of("a:99"), 7)
                .build();
        FileCheck.Result r = FileCheck.check(h);
        assertEquals(List.of("a:11"), r.files().lost());
        assertEquals(List.of("a:99"), r.files().unexpected());
    }

    @Test
    void aDownloadDuringTheRunMustReadBytesSomeUploadSent() {
        History h = History.builder()
                .invoke(0, "upload", "a:11", 0).ok(0, "upload", "a:11", 1)
                .invoke(1, "download", null, 2).ok(1, "download", "a:11", 3)
                .invoke(1, "download", null, 4).ok(1, "download", "a:12", 5)
                .invoke(9, "files", null, 6).ok(9, "files", List.of("a:11"), 7)
                .build();
        FileCheck.Result r = FileCheck.check(h);
        assertTrue(r.files().valid());
        assertEquals(List.of("a:12"), r.badDownloads());
        assertFalse(r.valid());
        assertTrue(r.explain().contains("1 downloads read bytes no upload sent, first a:12"), r.explain());
    }
}
