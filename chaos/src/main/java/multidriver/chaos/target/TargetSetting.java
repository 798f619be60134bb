package multidriver.chaos.target;

import java.util.List;

/**
 * One {@code --target-opt KEY=VALUE} a target accepts.
 *
 * @param name         the key
 * @param defaultValue the value when the option is not given
 * @param allowed      the values it may take; empty when any non-empty value of at most 256 characters goes
 * @param description  one line for {@code --list-targets}
 */
public record TargetSetting(String name, String defaultValue, List<String> allowed, String description) {
    public TargetSetting {
        allowed = List.copyOf(allowed);
        if (!allowed.isEmpty() && !allowed.contains(defaultValue)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " is not among " + allowed);
        }
    }

    /** {@code value} when it is allowed; else an error naming the option and what it takes. */
    String check(String value) {
        if (allowed.isEmpty() ? value.isEmpty() || value.length() > 256 : !allowed.contains(value)) {
            throw new IllegalArgumentException("--target-opt " + name + "=" + value + ": expected "
                    + (allowed.isEmpty() ? "a value of 1..256 characters" : "one of " + allowed));
        }
        return value;
    }
}
