package multidriver.chaos.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import multidriver.chaos.cli.ChaosMain;
import multidriver.chaos.nemesis.Nemesis;
import multidriver.chaos.nemesis.NemesisCatalog;
import multidriver.chaos.run.ClusterSource;
import multidriver.chaos.run.RunOptions;
import org.junit.jupiter.api.Test;

/** Choosing a target and its settings: every bad choice is a one-line error before anything starts. */
class TargetOptionsTest {
    private final TargetSystem etcd = Targets.byName("etcd");

    @Test
    void settingsDefaultAndAreChecked() {
        assertEquals("linearizable", TargetOptions.of(etcd, Map.of()).get("reads"));
        assertEquals("serializable", TargetOptions.of(etcd, Map.of("reads", "serializable")).get("reads"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TargetOptions.of(etcd, Map.of("reads", "stale")));
        assertTrue(bad.getMessage().contains("reads=stale") && bad.getMessage().contains("serializable"),
                bad.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TargetOptions.of(etcd, Map.of("raeds", "serializable")));
        assertTrue(unknown.getMessage().contains("no option 'raeds'") && unknown.getMessage().contains("reads"),
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TargetOptions.of(etcd, Map.of("image", "")));
    }

    @Test
    void anUnknownTargetNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Targets.byName("redis-x"));
        assertTrue(e.getMessage().contains("[multidriver, etcd, redis]"), e.getMessage());
        String list = Targets.describe();
        assertTrue(list.contains("etcd: ") && list.contains("--target-opt reads=linearizable|serializable"), list);
    }

    @Test
    void adminApiNemesesAreRefusedForOtherSystemsAndLeftOutOfAll() {
        List<String> all = NemesisCatalog.parse("all", false).stream().map(Nemesis::name).toList();
        assertEquals(List.of("kill", "pause", "partition", "disconnect", "restart"), all);
        assertTrue(NemesisCatalog.parse("all", true).stream().anyMatch(n -> n.name().equals("membership")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NemesisCatalog.parse("kill,transfer", false));
        assertTrue(e.getMessage().contains("admin API"), e.getMessage());
    }

    @Test
    void multiDriverClusterSettingsAreRefusedForOtherTargets() {
        RunOptions md = new RunOptions(3, 10, "kill", 10, 6, ClusterSource.COMPOSE, Map.of(), null, 1, 1, 1, 10, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> md.withTarget("etcd", Map.of()));
        assertTrue(e.getMessage().contains("--target etcd takes --target-opt"), e.getMessage());
    }

    @Test
    void theCommandLineRefusesBadChoicesWithExitTwoBeforeStartingAnything() {
        assertEquals(2, ChaosMain.run("--target", "etcd", "--target-opt", "reads=stale"));
        assertEquals(2, ChaosMain.run("--target", "etcd", "--nemesis", "membership"));
        assertEquals(2, ChaosMain.run("--target", "nope"));
        assertEquals(2, ChaosMain.run("--target", "etcd", "--workload", "set"));
        assertEquals(2, ChaosMain.run("--workload", "queue"));
        assertEquals(0, ChaosMain.run("--list-targets"));
    }
}
