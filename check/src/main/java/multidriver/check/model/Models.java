package multidriver.check.model;

import java.util.List;

/** Factories for the models Knossos knows. */
public final class Models {
    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("register", "cas-register", "multi-register", "mutex");

    private Models() {
    }

    /** A read/write register starting at {@code init} (may be null). */
    public static Model register(Object init) {
        return new CasRegister("register", multidriver.check.history.Values.normalize(init), false);
    }

    /** A read/write/compare-and-set register starting at {@code init} (may be null). */
    public static Model casRegister(Object init) {
        return new CasRegister("cas-register", multidriver.check.history.Values.normalize(init), true);
    }

    /** Registers named by key, updated by {@code :txn} lists; {@code init} is a map such as {@code {:x 0 :y 0}}. */
    public static Model multiRegister(Object init) {
        return MultiRegister.of(multidriver.check.history.Values.normalize(init));
    }

    /** A lock, initially free. */
    public static Model mutex() {
        return new Mutex();
    }

    /** Looks a model up by its Knossos name; {@code init} is ignored by the mutex. */
    public static Model byName(String name, Object init) {
        return switch (name) {
            case "register" -> register(init);
            case "cas-register" -> casRegister(init);
            case "multi-register" -> multiRegister(init);
            case "mutex" -> mutex();
            default -> throw new IllegalArgumentException("unknown model '" + name + "', expected one of " + NAMES);
        };
    }
}
