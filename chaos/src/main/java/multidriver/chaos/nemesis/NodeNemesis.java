package multidriver.chaos.nemesis;

import java.util.function.ObjIntConsumer;
import multidriver.chaos.cluster.ClusterControl;

/**
 * A fault on one node (half of the time the leader, see {@link NemesisContext#target()}) that a docker command
 * injects and another undoes. The kinds are made by {@link NemesisCatalog}: kill/start, pause/unpause,
 * network disconnect/connect, graceful stop/start.
 *
 * @param name   the nemesis name
 * @param inject the docker action on the target node
 * @param undo   the docker action that heals it
 */
public record NodeNemesis(String name, ObjIntConsumer<ClusterControl> inject, ObjIntConsumer<ClusterControl> undo)
        implements Nemesis {
    @Override
    public ActiveFault start(NemesisContext context) {
        int node = context.target();
        inject.accept(context.control(), node);
        return new ActiveFault(name, "node-" + node, () -> undo.accept(context.control(), node));
    }
}
