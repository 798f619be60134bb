package multidriver.chaos.report;

/**
 * What one node's {@code GET /status} said at history time {@code timeNs} (the recorder's clock), or that it did not
 * answer ({@code role} "no answer"). The chaos explorer draws roles and terms from these and shows them at an instant.
 */
public record NodeSample(long timeNs, int node, String role, long term, int leader, long commitIndex,
                         long lastApplied) {
    public static final String NO_ANSWER = "no answer";

    /** The state line the explorer shows. */
    public String describe() {
        if (NO_ANSWER.equals(role)) return NO_ANSWER;
        return role + " · term " + term + " · leader " + (leader < 0 ? "-" : "n" + leader) + " · commit " + commitIndex
                + " · applied " + lastApplied;
    }
}
