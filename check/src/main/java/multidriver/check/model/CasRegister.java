package multidriver.check.model;

import java.util.List;
import multidriver.check.history.Values;

/**
 * Knossos's {@code cas-register} (and, with cas disabled, {@code register}): {@code :read v},
 * {@code :write v}, {@code :cas [old new]}. With {@code nilReadMatchesAny} (Knossos) a read of {@code nil} matches
 * any state; without it, a read of {@code nil} claims the register is {@code nil} (e.g. a key that is absent).
 */
record CasRegister(String name, Object init, boolean casAllowed, boolean nilReadMatchesAny) implements Model {
    @Override
    public Object step(Object state, String f, Object value) {
        switch (f) {
            case "read":
                if (value == null) {
                    return nilReadMatchesAny || state == null ? state : INCONSISTENT;
                }
                return value.equals(state) ? state : INCONSISTENT;
            case "write":
                return value;
            case "cas":
                if (!casAllowed) {
                    return INCONSISTENT;
                }
                List<?> oldNew = (List<?>) value;
                Object expected = oldNew.get(0);
                return expected == null ? (state == null ? oldNew.get(1) : INCONSISTENT)
                        : (expected.equals(state) ? oldNew.get(1) : INCONSISTENT);
            default:
                return INCONSISTENT;
        }
    }

    @Override
    public void validate(String f, Object value) {
        switch (f) {
            case "read", "write" -> {
            }
            case "cas" -> {
                if (!casAllowed) {
                    throw new IllegalArgumentException(name + " model: :cas needs the cas-register model");
                }
                if (!(value instanceof List<?> l) || l.size() != 2) {
                    throw new IllegalArgumentException(name + " model: expected :cas value [old new], got "
                            + Values.show(value));
                }
            }
            default -> throw new IllegalArgumentException(name + " model: unknown :f :" + f
                    + " (expected :read, :write" + (casAllowed ? ", :cas)" : ")"));
        }
    }

    @Override
    public Object requiredState(String f, Object value) {
        return switch (f) {
            case "read" -> value == null && nilReadMatchesAny ? NO_HINT : value;
            case "cas" -> value instanceof List<?> l && l.size() == 2 ? l.get(0) : NO_HINT;
            default -> NO_HINT;
        };
    }

    @Override
    public Object resultState(String f, Object value) {
        return switch (f) {
            case "read" -> value == null && nilReadMatchesAny ? NO_HINT : value;
            case "write" -> value;
            case "cas" -> value instanceof List<?> l && l.size() == 2 ? l.get(1) : NO_HINT;
            default -> NO_HINT;
        };
    }

    @Override
    public boolean blind(String f, Object value) {
        return f.equals("write");
    }

    @Override
    public boolean isReadOnly(String f, Object value) {
        return f.equals("read");
    }

    @Override
    public boolean isNoOp(String f, Object value) {
        return nilReadMatchesAny && f.equals("read") && value == null;
    }
}
