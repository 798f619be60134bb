package multidriver.chaos.target;

import java.util.List;

/** The targets {@code scripts/chaos.sh --target} knows, by name. */
public final class Targets {
    private static final List<TargetSystem> ALL = List.of(new MultiDriverTarget(), new EtcdTarget(), new RedisTarget(),
            new RabbitTarget(), new PostgresTarget());

    private Targets() {
    }

    public static List<TargetSystem> all() {
        return ALL;
    }

    public static TargetSystem byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown target '" + name + "'; expected one of "
                        + ALL.stream().map(TargetSystem::name).toList() + " (scripts/chaos.sh --list-targets)"));
    }

    /** The lines of {@code --list-targets}: each target, its summary and its options. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        for (TargetSystem t : ALL) {
            sb.append(t.name()).append(": ").append(t.summary()).append('\n');
            sb.append("    --workload ").append(String.join("|", t.workloads())).append('\n');
            for (TargetSetting s : t.settings()) {
                sb.append("    --target-opt ").append(s.name()).append('=')
                        .append(s.allowed().isEmpty() ? "VALUE" : String.join("|", s.allowed()))
                        .append("  (default ").append(s.defaultValue()).append(") ").append(s.description())
                        .append('\n');
            }
        }
        return sb.toString();
    }
}
