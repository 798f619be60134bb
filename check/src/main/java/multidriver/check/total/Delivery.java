package multidriver.check.total;

import java.util.List;
import java.util.Map;

/**
 * What a set or queue history shows about its elements (Jepsen's set and total-queue checkers): every element whose
 * insert was acknowledged must be observed, and nothing may be observed that no client ever tried to insert.
 *
 * @param attempted    distinct elements some client tried to insert (invoked)
 * @param acknowledged distinct elements whose insert was {@code :ok}
 * @param observed     distinct elements the reads (set) or dequeues (queue) saw
 * @param lost         acknowledged but never observed: the data loss, in history order
 * @param unexpected   observed but never attempted (invented or foreign data), or attempted only by inserts that
 *                     ended {@code :fail} (a client reported as failed an insert that happened)
 * @param duplicated   observed more than once, with how many times (a queue delivering twice; not invalid)
 * @param recovered    observed though their insert was {@code :info} (it did happen after all)
 */
public record Delivery(int attempted, int acknowledged, int observed, List<Object> lost, List<Object> unexpected,
                       Map<Object, Integer> duplicated, List<Object> recovered) {
    public Delivery {
        lost = List.copyOf(lost);
        unexpected = List.copyOf(unexpected);
        duplicated = Map.copyOf(duplicated);
        recovered = List.copyOf(recovered);
    }

    /** Valid iff nothing acknowledged was lost and nothing unexpected appeared. */
    public boolean valid() {
        return lost.isEmpty() && unexpected.isEmpty();
    }

    /** Lost acknowledged inserts over acknowledged inserts (0 when none were acknowledged). */
    public double lostFraction() {
        return acknowledged == 0 ? 0.0 : (double) lost.size() / acknowledged;
    }

    /** One line in the words of a Jepsen analysis. */
    public String explain() {
        if (valid()) {
            return "every acknowledged element was seen (" + acknowledged + " acknowledged, " + observed + " seen"
                    + (duplicated.isEmpty() ? "" : ", " + duplicated.size() + " duplicated")
                    + (recovered.isEmpty() ? "" : ", " + recovered.size() + " recovered") + ")";
        }
        StringBuilder sb = new StringBuilder();
        if (!lost.isEmpty()) {
            sb.append(lost.size()).append(" of ").append(acknowledged).append(" acknowledged elements lost (")
                    .append(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * lostFraction())).append("), first ")
                    .append(lost.get(0));
        }
        if (!unexpected.isEmpty()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(unexpected.size())
                    .append(" unexpected elements seen that no insert could have put there, first ")
                    .append(unexpected.get(0));
        }
        return sb.toString();
    }
}
