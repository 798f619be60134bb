package multidriver.check.model;

/** Knossos's {@code mutex}: {@code :acquire} needs it free, {@code :release} needs it held. State: Boolean locked. */
record Mutex() implements Model {
    @Override
    public String name() {
        return "mutex";
    }

    @Override
    public Object init() {
        return Boolean.FALSE;
    }

    @Override
    public Object step(Object state, String f, Object value) {
        boolean locked = (Boolean) state;
        return switch (f) {
            case "acquire" -> locked ? INCONSISTENT : Boolean.TRUE;
            case "release" -> locked ? Boolean.FALSE : INCONSISTENT;
            default -> INCONSISTENT;
        };
    }

    @Override
    public void validate(String f, Object value) {
        if (!f.equals("acquire") && !f.equals("release")) {
            throw new IllegalArgumentException("mutex model: unknown :f :" + f + " (expected :acquire, :release)");
        }
    }

    @Override
    public String showState(Object state) {
        return ((Boolean) state) ? "locked" : "free";
    }
}
