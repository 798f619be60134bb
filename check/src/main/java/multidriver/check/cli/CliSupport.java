package multidriver.check.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What every multi-driver command line shares: {@code --version} (the build's version and git commit) and one-line
 * errors for bad arguments with the nearest flag suggested, exit 2, instead of the whole usage text.
 */
public final class CliSupport implements CommandLine.IVersionProvider {
    /** The project version of this build. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        return new String[] {"multi-driver " + VERSION + " (git " + gitCommit() + ")"};
    }

    private static final String COMMIT = readCommit();

    /** The git commit the jar was built from, "-dirty" when the tree had changes, or "unknown". */
    public static String gitCommit() {
        return COMMIT;
    }

    private static String readCommit() {
        try (InputStream in = CliSupport.class.getResourceAsStream("/multidriver-git.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String id = p.getProperty("git.commit.id", "unknown");
            return "true".equals(p.getProperty("git.dirty")) ? id + "-dirty" : id;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * What a run folder records about how it was made (issue: every run can be redone and compared): the command
     * line, the git commit, and the machine (cores, Java, operating system).
     */
    public static java.util.Map<String, Object> runRecord(String commandLine) {
        java.util.Map<String, Object> machine = new java.util.LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        machine.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        java.util.Map<String, Object> run = new java.util.LinkedHashMap<>();
        run.put("commandLine", commandLine);
        run.put("gitCommit", gitCommit());
        run.put("version", VERSION);
        run.put("machine", machine);
        return run;
    }

    /** A picocli handler: the error on one line, "did you mean" for a mistyped flag, a pointer to --help; exit 2. */
    public static CommandLine.IParameterExceptionHandler oneLineErrors(PrintStream err, String tool) {
        return (e, args) -> {
            err.println(tool + ": " + e.getMessage() + suggestion(e));
            err.println("see: " + e.getCommandLine().getCommandName() + " --help");
            return 2;
        };
    }

    /**
     * Runs a picocli command the way every tool here does: bad arguments and errors on one line with exit 2 (an
     * {@link IllegalArgumentException} or {@link IllegalStateException} by its message, anything else whole).
     */
    public static int execute(Object command, String tool, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(tool + ": " + (e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException ? e.getMessage() : e.toString()));
            return 2;
        });
        cli.setParameterExceptionHandler(oneLineErrors(System.err, tool));
        return cli.execute(args);
    }

    /** " (did you mean --x?)" for a mistyped flag, else "". */
    public static String suggestion(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> near = u.getSuggestions();
            if (!near.isEmpty()) return " (did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size())))
                    + "?)";
        }
        return "";
    }
}
