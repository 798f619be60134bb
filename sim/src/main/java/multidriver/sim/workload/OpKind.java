package multidriver.sim.workload;

/**
 * What a simulated client asks of the key-value store; the Jepsen {@code :f} of the recorded op. {@code REGISTER}
 * opens the client's session through the log (thesis §6.3) and is never recorded in the history.
 */
public enum OpKind {
    READ("read"), WRITE("write"), CAS("cas"), REGISTER("register");

    private final String jepsenName;

    OpKind(String jepsenName) {
        this.jepsenName = jepsenName;
    }

    public String jepsenName() {
        return jepsenName;
    }
}
