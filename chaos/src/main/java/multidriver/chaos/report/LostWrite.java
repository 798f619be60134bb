package multidriver.chaos.report;

import java.util.List;

/**
 * A key whose final value cannot be the result of any write that may have been the last one: an acknowledged
 * write was lost (or a value appeared from nowhere).
 *
 * @param key            the key
 * @param finalValue     what the final read returned (null: not found)
 * @param possibleValues every value the key could have ended with given the history
 * @param lastAcked      the latest acknowledged writes (as EDN ops) that should have been visible
 */
public record LostWrite(Object key, Object finalValue, List<Object> possibleValues, List<String> lastAcked) {
    public LostWrite {
        possibleValues = List.copyOf(possibleValues);
        lastAcked = List.copyOf(lastAcked);
    }
}
