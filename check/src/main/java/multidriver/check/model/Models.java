package multidriver.check.model;

import java.util.List;
import multidriver.check.history.Values;

/** Factories for the models Knossos knows. */
public final class Models {
    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("register", "cas-register", "multi-register", "mutex");

    private Models() {
    }

    /** A read/write register starting at {@code init} (may be null); a read of nil matches anything (Knossos). */
    public static Model register(Object init) {
        return register(init, true);
    }

    /**
     * A read/write register; with {@code nilReadMatchesAny == false} a read of nil asserts the register is nil
     * (use this when nil means "key absent", so a stale read of an absent key is caught).
     */
    public static Model register(Object init, boolean nilReadMatchesAny) {
        return new CasRegister("register", Values.normalize(init), false, nilReadMatchesAny);
    }

    /** A read/write/cas register starting at {@code init} (may be null); a read of nil matches anything (Knossos). */
    public static Model casRegister(Object init) {
        return casRegister(init, true);
    }

    /** A read/write/cas register; see {@link #register(Object, boolean)} for {@code nilReadMatchesAny}. */
    public static Model casRegister(Object init, boolean nilReadMatchesAny) {
        return new CasRegister("cas-register", Values.normalize(init), true, nilReadMatchesAny);
    }

    /** Registers named by key, updated by {@code :txn} lists; {@code init} is a map such as {@code {:x 0 :y 0}}. */
    public static Model multiRegister(Object init) {
        return MultiRegister.of(Values.normalize(init));
    }

    /** A lock, initially free. */
    public static Model mutex() {
        return new Mutex();
    }

    /** Looks a model up by its Knossos name; {@code init} is ignored by the mutex. */
    public static Model byName(String name, Object init) {
        return byName(name, init, true);
    }

    /** As {@link #byName(String, Object)}; {@code nilReadMatchesAny} applies to the registers. */
    public static Model byName(String name, Object init, boolean nilReadMatchesAny) {
        return switch (name) {
            case "register" -> register(init, nilReadMatchesAny);
            case "cas-register" -> casRegister(init, nilReadMatchesAny);
            case "multi-register" -> multiRegister(init);
            case "mutex" -> mutex();
            default -> throw new IllegalArgumentException("unknown model '" + name + "', expected one of " + NAMES);
        };
    }
}
