package multidriver.chaos.nemesis;

/** A kind of fault, injected as a start/stop pair that the run records as two {@code :nemesis} events. */
public interface Nemesis {
    /** The name used on the command line and in the history ({@code start-<name>}, {@code stop-<name>}). */
    String name();

    /** Injects the fault now and returns how to undo it. */
    ActiveFault start(NemesisContext context);
}
