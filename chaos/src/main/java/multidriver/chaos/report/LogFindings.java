package multidriver.chaos.report;

import java.util.List;
import java.util.Map;

/**
 * What the node logs say that a person should look at.
 *
 * @param exceptionLines lines naming an exception or error, per node
 * @param samples        the first few such lines per node (bounded)
 */
public record LogFindings(Map<String, Integer> exceptionLines, Map<String, List<String>> samples) {
    public LogFindings {
        exceptionLines = Map.copyOf(exceptionLines);
        samples = Map.copyOf(samples);
    }

    public int total() {
        return exceptionLines.values().stream().mapToInt(Integer::intValue).sum();
    }
}
