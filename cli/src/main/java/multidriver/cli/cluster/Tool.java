package multidriver.cli.cluster;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import multidriver.check.cli.CliSupport;
import picocli.CommandLine;

/**
 * A cluster subcommand: prints to the streams it is given (a terminal, or a test's buffers), and ends with an exit
 * code: 0 done, 1 a check failed (test), 2 an error, said on one line. {@link #execute} runs a command tree.
 */
public abstract class Tool implements Callable<Integer> {
    protected PrintStream out = System.out;
    protected PrintStream err = System.err;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the command does; a {@link ClusterException} is its one-line error, exit 2. */
    protected abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (ClusterException e) {
            err.println(name() + ": " + e.getMessage());
            return 2;
        }
    }

    private String name() {
        return spec == null ? getClass().getSimpleName() : spec.qualifiedName();
    }

    /** Runs {@code root} (and its subcommands) on {@code args} with {@code out}/{@code err}; the exit code. */
    public static int execute(Object root, String tool, String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(root);
        setStreams(cli, out, err);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println(tool + ": " + (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.IOException ? e.getMessage() : e.toString()));
            return 2;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            String where = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(where + ": " + e.getMessage() + CliSupport.suggestion(e));
            err.println("see: java -jar multidriver.jar " + where + " --help");
            return 2;
        });
        return cli.execute(args);
    }

    private static void setStreams(CommandLine cli, PrintStream out, PrintStream err) {
        if (cli.getCommand() instanceof Tool t) {
            t.out = out;
            t.err = err;
        }
        cli.getSubcommands().values().forEach(sub -> setStreams(sub, out, err));
    }

    /** A command with subcommands only: without one it prints its usage and exits 2. */
    public abstract static class Group implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
    }
}
