package multidriver.sim.world;

import java.util.List;

/**
 * Which directed links are cut right now. Every active partition adds one to the links it cuts and removes it when
 * it ends, so overlapping partitions compose. Once the liveness phase heals the core, links between two core nodes
 * are open whatever partitions remain; links to and from the rest stay as the partitions say.
 */
public final class LinkMatrix {
    private final int[][] cuts;
    private final boolean[] healed;

    public LinkMatrix(int nodes) {
        cuts = new int[nodes][nodes];
        healed = new boolean[nodes];
    }

    public void add(boolean[][] blocked, int delta) {
        for (int a = 0; a < cuts.length; a++) {
            for (int b = 0; b < cuts.length; b++) {
                if (blocked[a][b]) {
                    cuts[a][b] += delta;
                    if (cuts[a][b] < 0) throw new IllegalStateException("link " + a + "->" + b + " healed twice");
                }
            }
        }
    }

    public int nodes() {
        return cuts.length;
    }

    /** Every link open, drop-free, whatever partitions were active (the convergence phase). */
    public void healAll() {
        for (int[] row : cuts) java.util.Arrays.fill(row, 0);
        java.util.Arrays.fill(healed, true);
    }

    public void healCore(List<Integer> core) {
        for (int node : core) healed[node] = true;
    }

    public boolean isHealed(int node) {
        return healed[node];
    }

    public boolean isBlocked(int from, int to) {
        if (healed[from] && healed[to]) return false;
        return cuts[from][to] > 0;
    }
}
