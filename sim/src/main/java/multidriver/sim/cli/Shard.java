package multidriver.sim.cli;

/**
 * One of {@code count} disjoint slices of a campaign, in seed order: shard {@code index} (0-based, as Kubernetes'
 * {@code JOB_COMPLETION_INDEX}) runs schedules {@code [from, to)}. Concatenated in index order, the slices are the
 * whole campaign, so their merged summary equals the unsharded run's.
 */
record Shard(int index, int count) {
    static final Shard WHOLE = new Shard(0, 1);

    Shard {
        if (count < 1 || count > 100_000) throw new IllegalArgumentException("shard count must be in [1, 100000]");
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index must be in [0, " + count + "), got " + index);
        }
    }

    /** {@code I/N}, e.g. {@code 0/4} .. {@code 3/4}. */
    static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) return new Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--shard must be I/N with 0 <= I < N (e.g. 0/4), got '" + text + "'");
    }

    int from(int schedules) {
        return (int) ((long) schedules * index / count);
    }

    int to(int schedules) {
        return (int) ((long) schedules * (index + 1) / count);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
