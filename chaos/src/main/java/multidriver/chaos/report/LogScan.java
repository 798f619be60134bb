package multidriver.chaos.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Scans node logs for exceptions and errors. The findings go into the report for a person to read; they do
 * not decide the verdict (a node may log a refused connection during a partition and be perfectly correct).
 */
public final class LogScan {
    private static final Pattern SUSPICIOUS = Pattern.compile("Exception|\\bERROR\\b|FATAL|Invariant|violat",
            Pattern.CASE_INSENSITIVE);
    private static final int SAMPLES_PER_NODE = 10;
    private static final int MAX_SAMPLE_CHARS = 400;

    private LogScan() {
    }

    /** @param logs node name → full log text */
    public static LogFindings scan(Map<String, String> logs) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, List<String>> samples = new TreeMap<>();
        logs.forEach((node, text) -> {
            int count = 0;
            List<String> sample = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (SUSPICIOUS.matcher(line).find()) {
                    count++;
                    if (sample.size() < SAMPLES_PER_NODE) {
                        sample.add(line.length() > MAX_SAMPLE_CHARS ? line.substring(0, MAX_SAMPLE_CHARS) + "..." : line);
                    }
                }
            }
            counts.put(node, count);
            samples.put(node, List.copyOf(sample));
        });
        return new LogFindings(counts, samples);
    }
}
