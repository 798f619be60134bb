package multidriver.cli.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code docker compose} (v2) when the plugin exists, else {@code docker-compose} (v1), always with the guide's
 * project name and files and with {@code secrets/machines.env} in the environment (docker-compose.yml reads which
 * server each machine runs from it). Output goes to the caller's streams as it comes.
 */
final class Compose {
    private final ClusterLayout layout;
    private final List<String> command;

    private Compose(ClusterLayout layout, List<String> command) {
        this.layout = layout;
        this.command = command;
    }

    static Compose find(ClusterLayout layout) throws ClusterException {
        if (Processes.succeeds(List.of("docker", "compose", "version"))) {
            return new Compose(layout, List.of("docker", "compose"));
        }
        if (Processes.succeeds(List.of("docker-compose", "version"))) {
            return new Compose(layout, List.of("docker-compose"));
        }
        throw new ClusterException("neither 'docker compose' nor 'docker-compose' is installed");
    }

    /** Runs {@code compose ARGS} with {@code extraEnv}, streaming its output to {@code out}/{@code err}; its exit code. */
    int run(List<String> args, Map<String, String> extraEnv, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        return Processes.run(commandLine(args), environment(extraEnv), layout.repo(), out, err, 0);
    }

    /** {@code compose ARGS}'s standard output, or null when it failed. */
    String output(List<String> args) throws IOException, InterruptedException {
        return Processes.output(commandLine(args), environment(Map.of()), layout.repo(), 60);
    }

    private List<String> commandLine(List<String> args) {
        List<String> line = new ArrayList<>(command);
        line.add("-p");
        line.add(ClusterLayout.PROJECT);
        for (Path f : layout.composeFiles()) {
            line.add("-f");
            line.add(f.toString());
        }
        line.addAll(args);
        return line;
    }

    private Map<String, String> environment(Map<String, String> extra) throws IOException {
        Map<String, String> env = new java.util.TreeMap<>(layout.machineSettings());
        env.putAll(extra);
        return env;
    }
}
