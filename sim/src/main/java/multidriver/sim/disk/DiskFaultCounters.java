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

    /** The counters {@link #toMap} wrote (kinds it does not know are an error; missing ones count zero). */
    public static DiskFaultCounters fromMap(Map<String, Map<String, Long>> map) {
        DiskFaultCounters c = new DiskFaultCounters();
        for (Map.Entry<String, Map<String, Long>> e : map.entrySet()) {
            DiskFaultKind kind = null;
            for (DiskFaultKind k : DiskFaultKind.values()) if (k.jsonName().equals(e.getKey())) kind = k;
            if (kind == null) throw new IllegalArgumentException("unknown disk fault kind '" + e.getKey() + "'");
            c.injected[kind.ordinal()] = e.getValue().getOrDefault("injected", 0L);
            c.tookEffect[kind.ordinal()] = e.getValue().getOrDefault("tookEffect", 0L);
        }
        return c;
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
