package multidriver.chaos.client;

/**
 * What one HTTP attempt against a node came back with.
 */
public sealed interface Reply {
    /** The node answered with this status and JSON body text. */
    record Answered(int status, String body) implements Reply {
    }

    /** The connection was refused or reset before the request was sent: the request surely had no effect. */
    record NotSent(String reason) implements Reply {
    }

    /** Timed out or broke after the request may have reached the node: its effect is unknown. */
    record Lost(String reason) implements Reply {
    }
}
