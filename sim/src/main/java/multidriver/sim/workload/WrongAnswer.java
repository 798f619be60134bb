package multidriver.sim.workload;

/**
 * A server answered a client's request with a result that cannot belong to it (a not-found for a write, a cas
 * mismatch for a plain write): the request path matched the answer to the wrong command. The simulation reports it
 * as a safety failure of the system under test.
 */
public final class WrongAnswer extends RuntimeException {
    public WrongAnswer(String message) {
        super(message);
    }
}
