package multidriver.sim.disk;

import java.util.LinkedHashMap;
import java.util.Map;

/** Per fault kind: how often it was injected and how often it took effect. Summed across nodes and schedules. */
public final class DiskFaultCounters {
    private final long[] injected = new long[DiskFaultKind.values().length];
    private final long[] tookEffect = new long[DiskFaultKind.values().length];

    public void injected(DiskFaultKind kind) {
        injected[kind.ordinal()]++;
    }

    public void tookEffect(DiskFaultKind kind) {
        tookEffect[kind.ordinal()]++;
    }

    public long injectedCount(DiskFaultKind kind) {
        return injected[kind.ordinal()];
    }

    public long tookEffectCount(DiskFaultKind kind) {
        return tookEffect[kind.ordinal()];
    }

    public void add(DiskFaultCounters other) {
        for (int i = 0; i < injected.length; i++) {
            injected[i] += other.injected[i];
            tookEffect[i] += other.tookEffect[i];
        }
    }

    /** {@code {lostUnsynced: {injected: n, tookEffect: m}, ...}} in declaration order. */
    public Map<String, Map<String, Long>> toMap() {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        for (DiskFaultKind kind : DiskFaultKind.values()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("injected", injected[kind.ordinal()]);
            counts.put("tookEffect", tookEffect[kind.ordinal()]);
            m.put(kind.jsonName(), counts);
        }
        return m;
    }
}
