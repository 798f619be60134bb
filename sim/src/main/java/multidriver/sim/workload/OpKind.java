package multidriver.sim.workload;

/** What a simulated client asks of the key-value store; the Jepsen {@code :f} of the recorded op. */
public enum OpKind {
    READ("read"), WRITE("write"), CAS("cas");

    private final String jepsenName;

    OpKind(String jepsenName) {
        this.jepsenName = jepsenName;
    }

    public String jepsenName() {
        return jepsenName;
    }
}
