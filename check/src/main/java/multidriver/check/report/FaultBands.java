package multidriver.check.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import multidriver.check.history.NemesisEvent;
import multidriver.check.history.Values;

/**
 * Faults as spans of a history, from its nemesis events: an event whose {@code :f} starts with {@code start} opens
 * a fault that the next event with the matching {@code stop...} ends ({@code start-partition-x} / {@code
 * stop-partition-x}, or Jepsen's plain {@code :start} / {@code :stop}); a stop without its own start ends the
 * latest open one; a fault never stopped lasts to the end. Any other event is a moment ({@code kill} alone).
 */
final class FaultBands {
    /** A fault from client position {@code from} to {@code to} ({@link Long#MAX_VALUE}: never ended). */
    record Band(long from, long to, String label) {
    }

    private FaultBands() {
    }

    static List<Band> of(List<NemesisEvent> events) {
        List<Band> bands = new ArrayList<>();
        TreeMap<String, NemesisEvent> open = new TreeMap<>();
        List<String> openOrder = new ArrayList<>();
        for (NemesisEvent e : events) {
            String f = e.f();
            if (f.startsWith("start")) {
                String key = f.substring(5);
                if (open.putIfAbsent(key, e) == null) openOrder.add(key); // Jepsen logs invoke and info: keep the first
            } else if (f.startsWith("stop")) {
                String key = f.substring(4);
                if (!open.containsKey(key) && !openOrder.isEmpty()) key = openOrder.get(openOrder.size() - 1);
                NemesisEvent start = open.remove(key);
                if (start != null) {
                    openOrder.remove(key);
                    bands.add(new Band(start.position(), e.position(), label(start)));
                }
            } else {
                bands.add(new Band(e.position(), e.position(), label(e)));
            }
        }
        for (String key : openOrder) {
            NemesisEvent start = open.get(key);
            bands.add(new Band(start.position(), Long.MAX_VALUE, label(start)));
        }
        return bands;
    }

    private static String label(NemesisEvent e) {
        String name = e.f().startsWith("start-") ? e.f().substring(6) : e.f();
        String value = e.value() == null ? "" : " " + Values.show(e.value());
        String text = name + value;
        return text.length() > 120 ? text.substring(0, 119) + "…" : text;
    }
}
