package multidriver.chaos.target;

import java.util.Map;
import java.util.TreeMap;

/** A target's settings for one run: every {@link TargetSetting} it declares, given or defaulted, all checked. */
public final class TargetOptions {
    private final Map<String, String> values;

    private TargetOptions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Checks {@code given} against {@code target}'s settings; an unknown key or a bad value is an error. */
    public static TargetOptions of(TargetSystem target, Map<String, String> given) {
        Map<String, String> values = new TreeMap<>();
        for (TargetSetting s : target.settings()) {
            values.put(s.name(), s.defaultValue());
        }
        for (Map.Entry<String, String> e : new TreeMap<>(given).entrySet()) {
            TargetSetting setting = target.settings().stream().filter(s -> s.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--target " + target.name() + " has no option '"
                            + e.getKey() + "'" + (target.settings().isEmpty() ? "" : "; it takes "
                            + target.settings().stream().map(TargetSetting::name).toList())));
            values.put(e.getKey(), setting.check(e.getValue()));
        }
        return new TargetOptions(values);
    }

    public String get(String name) {
        String v = values.get(name);
        if (v == null) throw new IllegalArgumentException("no setting " + name);
        return v;
    }

    /** Sorted, for the report. */
    public Map<String, String> asMap() {
        return new TreeMap<>(values);
    }
}
