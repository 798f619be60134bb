package multidriver.check.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import multidriver.check.history.EdnReader;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.Values;

/**
 * The child process that runs Knossos for {@link KnossosSession}: loads {@code knossos.competition} once, says how
 * long that took, then answers one job per input line ({@link KnossosJob}) until its input ends. It runs apart from
 * the checker so that a search past its time limit can really be stopped (the process is killed) and a failed load
 * cannot leave the checker's own JVM half-initialised.
 */
public final class KnossosWorker {
    private KnossosWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8)); // Knossos's own prints: not the protocol
        long t0 = System.nanoTime();
        ClojureFns clj;
        Object analysis;
        Object readString;
        try {
            clj = new ClojureFns();
            Object require = clj.var("clojure.core", "require");
            clj.invoke(require, clj.read("knossos.competition"));
            clj.invoke(require, clj.read("knossos.model"));
            clj.invoke(require, clj.read("clojure.edn"));
            analysis = clj.var("knossos.competition", "analysis");
            readString = clj.var("clojure.edn", "read-string");
        } catch (Exception | LinkageError e) {
            out.println(KnossosJob.answer("error", 0, rootMessage(e)));
            return;
        }
        KnossosJob.warmUp();
        out.println(KnossosJob.loaded((System.nanoTime() - t0) / 1_000_000));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            long start = System.nanoTime();
            String verdict;
            String message = "";
            try {
                verdict = analyse(clj, KnossosJob.fromLine(line), analysis, readString);
            } catch (Throwable e) { // a StackOverflowError in a deep search too: the answer must come
                verdict = "error";
                message = "Knossos failed: " + rootMessage(e);
            }
            out.println(KnossosJob.answer(verdict, (System.nanoTime() - start) / 1_000_000, message));
        }
    }

    private static String analyse(ClojureFns clj, KnossosJob job, Object analysis, Object readString)
            throws Exception {
        Object modelFn = clj.var("knossos.model", job.model());
        Object model = job.model().equals("mutex") ? clj.invoke(modelFn)
                : clj.invoke(modelFn, clj.invoke(readString, job.initEdn()));
        // Knossos's own deadline for the whole file, shared by its keys: the search stops itself, and the session
        // kills the process only if it does not (it waits a little longer than this).
        long deadlineNs = System.nanoTime() + job.timeLimitMs() * 1_000_000;
        History history = EdnReader.parse(job.historyEdn());
        String worst = "valid";
        for (History part : split(history, job.independent()).values()) {
            long leftMs = Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000);
            Object opts = clj.invoke(readString, "{:time-limit " + leftMs + "}");
            Object edn = clj.invoke(readString, EdnWriter.toString(part));
            Object res;
            try {
                res = clj.invoke(analysis, model, edn, opts);
            } catch (RuntimeException e) {
                if (!ClojureFns.isArityError(e)) throw e;
                res = clj.invoke(analysis, model, edn); // a Knossos without the options arity
            }
            Object valid = ((Map<?, ?>) res).get(clj.read(":valid?"));
            String v = Boolean.TRUE.equals(valid) ? "valid" : Boolean.FALSE.equals(valid) ? "invalid" : "unknown";
            if (v.equals("invalid") || (v.equals("unknown") && worst.equals("valid"))) worst = v;
        }
        return worst;
    }

    static Map<String, History> split(History history, boolean independent) {
        Map<String, History> out = new LinkedHashMap<>();
        if (!independent) {
            out.put("", history);
            return out;
        }
        Map<String, History.Builder> byKey = new LinkedHashMap<>();
        for (Op op : history.ops()) {
            if (op.value() instanceof List<?> l && l.size() == 2) {
                byKey.computeIfAbsent(Values.keyName(l.get(0)), k -> History.builder()).add(op.withValue(l.get(1)));
            }
        }
        byKey.forEach((k, b) -> out.put(k, b.build()));
        return out;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
