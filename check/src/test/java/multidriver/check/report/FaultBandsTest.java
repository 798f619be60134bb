package multidriver.check.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import multidriver.check.history.EdnReader;
import multidriver.check.history.History;
import multidriver.check.history.NemesisEvent;
import org.junit.jupiter.api.Test;

/** Nemesis events survive reading and become the faults the timeline shades. */
class FaultBandsTest {
    @Test
    void startAndStopPairUpByNameAndAStopWithoutItsOwnStartEndsTheLatest() {
        List<FaultBands.Band> bands = FaultBands.of(List.of(
                new NemesisEvent(2, "start-partition", "halves", 0),
                new NemesisEvent(2, "start-partition", "halves", 0), // Jepsen: invoke, then info
                new NemesisEvent(5, "start-pause", null, 0),
                new NemesisEvent(7, "stop-partition", null, 0),
                new NemesisEvent(8, "kill", "n1", 0),
                new NemesisEvent(9, "stop", null, 0),
                new NemesisEvent(11, "start", "clock", 0)));
        assertEquals(List.of(
                new FaultBands.Band(2, 7, "partition \"halves\""),
                new FaultBands.Band(8, 8, "kill \"n1\""),
                new FaultBands.Band(5, 9, "pause"),
                new FaultBands.Band(11, Long.MAX_VALUE, "start \"clock\"")), bands);
    }

    @Test
    void anEdnHistoryKeepsItsNemesisOpsBesideTheClientOps() {
        History h = EdnReader.parse("""
                {:process 0 :type :invoke :f :write :value 1}
                {:process :nemesis :type :info :f :start-partition :value [:n1]}
                {:process 0 :type :ok :f :write :value 1}
                {:process :nemesis :type :info :f :stop-partition}
                """);
        assertEquals(2, h.size(), "only client ops are ops");
        assertEquals(List.of(1L, 2L), h.nemesis().stream().map(NemesisEvent::position).toList());
        assertEquals("start-partition", h.nemesis().get(0).f());
        String html = HtmlReport.render(h, multidriver.check.search.Linearizability.check(h,
                multidriver.check.model.Models.casRegister(0L), multidriver.check.search.CheckOptions.defaults()), "t");
        assertEquals(true, html.contains("<g class=\"fault\"><title>partition [:n1]</title>"), "drawn as a fault");
    }
}
