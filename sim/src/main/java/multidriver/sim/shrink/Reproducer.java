package multidriver.sim.shrink;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import multidriver.sim.world.Schedule;

/**
 * A failing schedule saved for {@code --replay}: the explicit schedule (seed, swarm profile, faults, client ops),
 * the failure it produced and the trace hash of that run, so a replay can tell "same failure, same events" from
 * "fails differently".
 *
 * @param version      file format version
 * @param rootSeed     the campaign's root seed (informational)
 * @param scheduleIndex position of the schedule in the campaign (informational)
 * @param failureKind  safety, linearizability or liveness
 * @param failure      the failure message
 * @param traceHash    trace hash of the recorded run (hex)
 * @param gitCommit    the commit of the code that recorded it ({@link BuildInfo}): a run is a function of seed,
 *                     options and code, so a replay on other code may differ
 * @param schedule     the schedule itself
 * @param source       what found it: {@link #SIMULATE} for {@code scripts/simulate.sh} (the project's Raft KV), or the
 *                     JUnit test {@code Class#method} whose system failed; a replay runs it on that system
 */
public record Reproducer(int version, long rootSeed, long scheduleIndex, String failureKind, String failure,
                         String traceHash, String gitCommit, Schedule schedule, String source) {
    public static final String SIMULATE = "simulate";

    public Reproducer {
        if (source == null) source = SIMULATE; // files written before the field existed came from simulate.sh
    }

    /** A reproducer of the project's Raft KV, found by {@code scripts/simulate.sh}. */
    public Reproducer(int version, long rootSeed, long scheduleIndex, String failureKind, String failure,
                      String traceHash, String gitCommit, Schedule schedule) {
        this(version, rootSeed, scheduleIndex, failureKind, failure, traceHash, gitCommit, schedule, SIMULATE);
    }

    /** 2: the node's server core on a simulated disk, disk faults, the git commit. */
    public static final int VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), this);
    }

    /** @throws IOException naming the file, the line and column, and what was expected, for a damaged file */
    public static Reproducer read(Path file) throws IOException {
        Reproducer reproducer;
        try {
            reproducer = JSON.readValue(file.toFile(), Reproducer.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IOException(file + ": not a reproducer" + where + ": " + e.getOriginalMessage()
                    + " (expected the JSON that a failing campaign writes as reproducer.json)");
        }
        if (reproducer.version() != VERSION || reproducer.schedule() == null) {
            throw new IOException(file + ": not a version-" + VERSION + " reproducer with a schedule (version "
                    + reproducer.version() + "); replay it with the release that recorded it");
        }
        return reproducer;
    }

    public static String hex(long hash) {
        return String.format("%016x", hash);
    }
}
