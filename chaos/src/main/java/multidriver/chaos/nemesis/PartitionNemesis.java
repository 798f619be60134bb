package multidriver.chaos.nemesis;

import java.util.List;
import java.util.OptionalInt;

/**
 * A network partition by iptables inside the containers, healed by a flush. Each time it starts it picks one
 * of its shapes at random; the fault is recorded under that shape's name ({@code partition-halves}, ...).
 */
public final class PartitionNemesis implements Nemesis {
    private final List<PartitionShape> shapes;

    public PartitionNemesis(List<PartitionShape> shapes) {
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("a partition nemesis needs at least one shape");
        }
        this.shapes = List.copyOf(shapes);
    }

    @Override
    public String name() {
        return shapes.size() == 1 ? "partition-" + shapes.get(0).cliName() : "partition";
    }

    @Override
    public ActiveFault start(NemesisContext context) {
        PartitionShape shape = shapes.get(context.random().nextInt(shapes.size()));
        Grudge grudge = shape.grudge(context.nodes(), context.random(),
                shape == PartitionShape.ISOLATE_LEADER || shape == PartitionShape.ISOLATE_PRIMARY ? context.leader()
                        : OptionalInt.empty());
        context.partitioner().apply(grudge);
        return new ActiveFault("partition-" + shape.cliName(), grudge.describe(), () -> {
            List<String> problems = context.partitioner().healAll();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("could not heal the partition on " + problems);
            }
        });
    }
}
