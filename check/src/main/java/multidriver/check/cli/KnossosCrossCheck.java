package multidriver.check.cli;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.Values;

/**
 * Runs Knossos ({@code knossos.competition/analysis}) on a history through Clojure's Java API, for a side-by-side
 * verdict. Knossos lives on Clojars, not Maven Central, so it is never a build dependency: the user points
 * {@code --knossos PATH} (or {@value CheckMain#KNOSSOS_ENV}) at a Knossos jar or classpath (an uberjar, or
 * entries separated by {@code File.pathSeparator}; a directory contributes itself and its jars). Everything
 * Knossos-specific is in this one class; nothing else depends on it.
 */
public final class KnossosCrossCheck {
    /** What Knossos said. */
    public record Result(String verdict, String message, long millis) {
        public String summary() {
            return verdict + (message.isEmpty() ? "" : " (" + message + ")") + (millis > 0 ? " in " + millis + " ms" : "");
        }
    }

    private KnossosCrossCheck() {
    }

    /**
     * Checks {@code history} with Knossos; never throws: problems become verdict {@code "error"} with a message.
     *
     * @param classpath   Knossos jar(s) or directories
     * @param modelName   Knossos model function in {@code knossos.model}: register, cas-register, multi-register, mutex
     * @param init        initial value (ignored for mutex)
     * @param independent split {@code [k v]} values per key first (Knossos itself does not)
     * @param timeLimitMs give up with {@code "unknown"} after this long
     */
    public static Result run(String classpath, History history, String modelName, Object init, boolean independent,
                             long timeLimitMs) {
        List<URL> urls;
        try {
            urls = urls(classpath);
        } catch (IllegalArgumentException e) {
            return new Result("error", e.getMessage(), 0);
        }
        AtomicReference<Result> result = new AtomicReference<>();
        URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), KnossosCrossCheck.class.getClassLoader());
        long t0 = System.nanoTime();
        Thread t = new Thread(() -> result.set(analyse(history, modelName, init, independent, classpath)),
                "knossos-cross-check");
        t.setDaemon(true);
        // Clojure's RT loads namespaces through the context class loader (*use-context-classloader* is true).
        t.setContextClassLoader(loader);
        t.start();
        try {
            t.join(timeLimitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (t.isAlive()) {
            t.interrupt();
            return new Result("unknown", "Knossos did not finish within " + timeLimitMs + " ms", ms);
        }
        Result r = result.get();
        return r == null ? new Result("error", "Knossos thread died without a result", ms)
                : new Result(r.verdict(), r.message(), ms);
    }

    static List<URL> urls(String classpath) {
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalArgumentException("no Knossos given: pass --knossos PATH or set " + CheckMain.KNOSSOS_ENV);
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            File f = new File(entry);
            if (!f.exists()) {
                throw new IllegalArgumentException("Knossos path entry does not exist: " + entry);
            }
            try {
                urls.add(f.toURI().toURL());
                File[] jars = f.isDirectory() ? f.listFiles((d, n) -> n.endsWith(".jar")) : null;
                if (jars != null) {
                    java.util.Arrays.sort(jars);
                    for (File jar : jars) {
                        urls.add(jar.toURI().toURL());
                    }
                }
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad Knossos path entry " + entry + ": " + e.getMessage());
            }
        }
        return urls;
    }

    private static Result analyse(History history, String modelName, Object init, boolean independent,
                                  String classpath) {
        try {
            IFn require = Clojure.var("clojure.core", "require");
            try {
                require.invoke(Clojure.read("knossos.competition"));
            } catch (Exception e) { // Clojure rethrows checked exceptions (FileNotFoundException) unchecked
                return new Result("error", "cannot load knossos.competition from " + classpath + " (give a Knossos "
                        + "uberjar or its full classpath): " + rootMessage(e), 0);
            }
            require.invoke(Clojure.read("knossos.model"));
            require.invoke(Clojure.read("clojure.edn"));
            IFn readString = Clojure.var("clojure.edn", "read-string");
            IFn modelFn = Clojure.var("knossos.model", modelName);
            Object model = modelName.equals("mutex") ? modelFn.invoke()
                    : modelFn.invoke(readString.invoke(EdnWriter.toEdn(init)));
            IFn analysis = Clojure.var("knossos.competition", "analysis");
            String worst = "valid";
            for (Map.Entry<String, History> e : split(history, independent).entrySet()) {
                Object res = analysis.invoke(model, readString.invoke(EdnWriter.toString(e.getValue())));
                Object valid = ((Map<?, ?>) res).get(Clojure.read(":valid?"));
                String v = Boolean.TRUE.equals(valid) ? "valid" : Boolean.FALSE.equals(valid) ? "invalid" : "unknown";
                if (v.equals("invalid") || (v.equals("unknown") && worst.equals("valid"))) {
                    worst = v;
                }
            }
            return new Result(worst, "", 0);
        } catch (Exception | LinkageError e) {
            return new Result("error", "Knossos failed: " + rootMessage(e), 0);
        }
    }

    private static Map<String, History> split(History history, boolean independent) {
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
