package multidriver.check.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import multidriver.check.history.EdnReader;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.History;
import multidriver.check.history.JsonLines;
import multidriver.check.model.Models;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties over histories recorded from a simulated atomic register. */
class LinearizabilityProperties {
    @Property(tries = 300)
    void historiesOfALinearizableRegisterAreValid(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int clients,
                                                  @ForAll @IntRange(min = 1, max = 120) int steps) {
        History h = new SimulatedRegister(seed, clients, 1, false).run(steps);
        Verdict v = Linearizability.check(h, Models.casRegister(0), CheckOptions.defaults());
        assertEquals(Outcome.VALID, v.outcome(), () -> v.reason() + "\n" + EdnWriter.toString(h));
    }

    @Property(tries = 100)
    void independentKeyHistoriesOfLinearizableRegistersAreValid(@ForAll long seed,
                                                                @ForAll @IntRange(min = 1, max = 6) int clients,
                                                                @ForAll @IntRange(min = 1, max = 200) int steps) {
        History h = new SimulatedRegister(seed, clients, 3, false).run(steps);
        Verdict v = Linearizability.check(h, Models.casRegister(0), CheckOptions.defaults().withIndependent(true));
        assertEquals(Outcome.VALID, v.outcome(), () -> v.reason() + "\n" + EdnWriter.toString(h));
    }

    @Property(tries = 300)
    void aProvablyStaleReadIsAlwaysInvalid(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int clients,
                                           @ForAll @IntRange(min = 0, max = 120) int steps) {
        SimulatedRegister sim = new SimulatedRegister(seed, clients, 1, true);
        sim.run(steps);
        History h = sim.appendStaleRead();
        Verdict v = Linearizability.check(h, Models.casRegister(0), CheckOptions.defaults());
        assertEquals(Outcome.INVALID, v.outcome(), () -> EdnWriter.toString(h));
        assertEquals("read", v.explanation().orElseThrow().failingOp().f());
    }

    @Property(tries = 100)
    void verdictsSurviveEdnAndJsonLinesRoundTrips(@ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int steps) {
        History h = new SimulatedRegister(seed, 4, 2, false).run(steps);
        CheckOptions o = CheckOptions.defaults().withIndependent(true);
        Verdict direct = Linearizability.check(h, Models.casRegister(0), o);
        assertEquals(h.ops(), EdnReader.parse(EdnWriter.toString(h)).ops());
        History viaJson = JsonLines.parse(h.ops().stream().map(JsonLines::toJson).reduce("", (a, b) -> a + b + "\n"));
        assertEquals(direct.outcome(), Linearizability.check(viaJson, Models.casRegister(0), o).outcome());
    }
}
