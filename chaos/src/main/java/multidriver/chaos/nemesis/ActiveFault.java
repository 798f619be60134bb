package multidriver.chaos.nemesis;

/**
 * A fault that a nemesis started and that is still in effect.
 *
 * @param nemesis     the nemesis' name, e.g. {@code kill}
 * @param description what was done, e.g. {@code node-2} or a grudge
 * @param stopAction  undoes it (start the node, resume it, flush iptables, ...)
 */
public record ActiveFault(String nemesis, String description, Runnable stopAction) {
    public void stop() {
        stopAction.run();
    }
}
