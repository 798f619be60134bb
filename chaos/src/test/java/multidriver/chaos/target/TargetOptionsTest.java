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
        assertTrue(e.getMessage().contains("[multidriver, etcd, redis, rabbitmq, postgres]"), e.getMessage());
        String list = Targets.describe();
        assertTrue(list.contains("etcd: ") && list.contains("--target-opt reads=linearizable|serializable"), list);
        assertTrue(list.contains("--target-opt synchronous_commit=on|off") && list.contains("--workload register|bank")
                && list.contains("--target-opt queue=quorum|mirrored") && list.contains("--workload queue"), list);
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
        RunOptions env = new RunOptions(3, 10, "kill", 10, 6, ClusterSource.TESTCONTAINERS, Map.of("X", "1"), null, 1,
                1, 1, 10, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> env.withTarget("etcd", Map.of()));
        assertTrue(e.getMessage().contains("--target etcd takes --target-opt"), e.getMessage());
        RunOptions compose = new RunOptions(3, 10, "kill", 10, 6, ClusterSource.COMPOSE, Map.of(), null, 1, 1, 1, 10,
                3);
        IllegalArgumentException etcd = assertThrows(IllegalArgumentException.class,
                () -> new multidriver.chaos.run.ChaosRun(compose.withTarget("etcd", Map.of()), System.out));
        assertTrue(etcd.getMessage().contains("no compose service"), etcd.getMessage());
        IllegalArgumentException pg = assertThrows(IllegalArgumentException.class,
                () -> new multidriver.chaos.run.ChaosRun(compose.withTarget("postgres", Map.of()), System.out));
        assertTrue(pg.getMessage().contains("borrows the one multi-driver-postgres container: give --nodes 1"),
                pg.getMessage());
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

    @Test
    void aRunATargetCannotDoIsRefusedBeforeAnythingStarts() {
        RunOptions five = new RunOptions(5, 10, "kill", 10, 6, ClusterSource.TESTCONTAINERS, Map.of(), null, 1, 1, 1,
                10, 3);
        IllegalArgumentException nodes = assertThrows(IllegalArgumentException.class,
                () -> new multidriver.chaos.run.ChaosRun(five.withTarget("postgres", Map.of()), System.out));
        assertTrue(nodes.getMessage().contains("--nodes 1"), nodes.getMessage());
        RunOptions one = new RunOptions(1, 10, "kill,partition", 10, 6, ClusterSource.TESTCONTAINERS, Map.of(), null,
                1, 1, 1, 10, 3);
        IllegalArgumentException partition = assertThrows(IllegalArgumentException.class,
                () -> new multidriver.chaos.run.ChaosRun(one.withTarget("postgres", Map.of()), System.out));
        assertTrue(partition.getMessage().contains("--nemesis partition needs several members"),
                partition.getMessage());
        IllegalArgumentException workload = assertThrows(IllegalArgumentException.class,
                () -> new multidriver.chaos.run.ChaosRun(five.withTarget("rabbitmq", Map.of()), System.out));
        assertTrue(workload.getMessage().contains("--target rabbitmq has no register workload; it has [queue]"),
                workload.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> five.withWorkload("ledger"));
        assertTrue(unknown.getMessage().contains("register, set, queue, bank or files"), unknown.getMessage());
    }
}
