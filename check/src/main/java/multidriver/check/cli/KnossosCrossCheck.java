package multidriver.check.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.History;

/**
 * Knossos ({@code knossos.competition/analysis}) on a history, for a side-by-side verdict. Knossos lives on Clojars,
 * not Maven Central, so it is never a build dependency: the user points {@code --knossos PATH} (or
 * {@value CheckMain#KNOSSOS_ENV}) at a Knossos jar or classpath (an uberjar, or entries separated by
 * {@code File.pathSeparator}; a directory contributes itself and its jars). It runs in a worker process
 * ({@link KnossosSession}, {@link KnossosWorker}) that loads Knossos once per command line and is killed when a search
 * outlives its time limit. Everything Knossos-specific is in these classes; nothing else depends on them.
 */
public final class KnossosCrossCheck {
    /**
     * What Knossos said.
     *
     * @param millis     the search's time
     * @param loadMillis the namespace load's time when this check started the worker, else 0
     */
    public record Result(String verdict, String message, long millis, long loadMillis) {
        public String summary() {
            return verdict + (message.isEmpty() ? "" : " (" + message + ")") + (millis > 0 ? " in " + millis + " ms" : "")
                    + (loadMillis > 0 ? " (Knossos loaded once in " + loadMillis + " ms)" : "");
        }
    }

    private KnossosCrossCheck() {
    }

    /**
     * Checks one {@code history} with Knossos in a worker of its own; never throws: problems become verdict
     * {@code "error"} with a message. A command line with several files uses one {@link KnossosSession} instead.
     *
     * @param classpath   Knossos jar(s) or directories
     * @param modelName   Knossos model function in {@code knossos.model}: register, cas-register, multi-register, mutex
     * @param init        initial value (ignored for mutex)
     * @param independent split {@code [k v]} values per key first (Knossos itself does not)
     * @param timeLimitMs the search's limit, counted after the load: {@code "unknown"} and stopped after it
     */
    public static Result run(String classpath, History history, String modelName, Object init, boolean independent,
                             long timeLimitMs) {
        KnossosSession session;
        try {
            session = KnossosSession.open(classpath);
        } catch (IllegalArgumentException e) {
            return new Result("error", e.getMessage(), 0, 0);
        }
        try (session) {
            return session.check(history, modelName, EdnWriter.toEdn(init), independent, timeLimitMs);
        }
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
}
