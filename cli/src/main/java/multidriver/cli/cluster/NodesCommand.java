package multidriver.cli.cluster;

import picocli.CommandLine.Command;

/** {@code nodes start|stop}: a local cluster of node JVMs on loopback, no Docker (the guide's local mode). */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = {"A local cluster of node JVMs on 127.0.0.1, no Docker: the operations guide's local mode"
                + " (start_nodes.ps1). scripts/start_nodes.sh calls these.", ""},
        subcommands = {NodesStart.class, NodesStop.class},
        footer = {"", "Exit codes: 0 ok, 2 an error."})
public final class NodesCommand extends Tool.Group {
}
