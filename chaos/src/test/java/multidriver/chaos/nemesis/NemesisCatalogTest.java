package multidriver.chaos.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NemesisCatalogTest {
    @Test
    void parsesTheIssuesExampleInOrder() {
        List<String> names = NemesisCatalog.parse("kill,pause,partition").stream().map(Nemesis::name).toList();
        assertEquals(List.of("kill", "pause", "partition"), names);
    }

    @Test
    void allMeansEveryKindOnce() {
        List<String> names = NemesisCatalog.parse("all,kill").stream().map(Nemesis::name).toList();
        assertEquals(List.of("kill", "pause", "partition", "disconnect", "restart", "transfer", "membership"), names);
    }

    @Test
    void aSingleShapeKeepsItsName() {
        assertEquals("partition-majorities-ring", NemesisCatalog.parse("partition-majorities-ring").get(0).name());
    }

    @Test
    void aTypoNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NemesisCatalog.parse("kil"));
        assertTrue(e.getMessage().contains("unknown nemesis 'kil'") && e.getMessage().contains("partition-one-way"),
                e.getMessage());
    }
}
