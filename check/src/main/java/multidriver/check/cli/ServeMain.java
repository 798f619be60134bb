package multidriver.check.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/serve.sh}: rewrites {@code store/index.html} and serves the store on 127.0.0.1 until Ctrl-C, for the
 * reports of past simulation, chaos and Maelstrom runs.
 */
@Command(name = "serve.sh", mixinStandardHelpOptions = true, versionProvider = CliSupport.class,
        description = "Serves the run store (store/) read-only on 127.0.0.1, with store/index.html listing past runs.")
public final class ServeMain implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port on 127.0.0.1 (default ${DEFAULT-VALUE})", defaultValue = "8088")
    int port;

    @Option(names = "--dir", description = "the store folder (default ${DEFAULT-VALUE})", defaultValue = "store")
    Path dir;

    public static void main(String[] args) {
        System.exit(CliSupport.execute(new ServeMain(), "serve", args));
    }

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65_535) {
            System.err.println("serve: --port must be 1..65535, got " + port);
            return 2;
        }
        if (!Files.isDirectory(dir)) {
            System.err.println("serve: " + dir + " is not a folder (run a simulation or a chaos run first)");
            return 2;
        }
        StoreIndex.write(dir);
        try (StoreServer server = StoreServer.start(dir, port)) {
            System.out.println("serving " + dir.toAbsolutePath() + " on http://127.0.0.1:" + server.port()
                    + "/ (index.html lists the runs; Ctrl-C stops)");
            Thread.currentThread().join();
        }
        return 0;
    }
}
