package multidriver.check.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium for the tests of the pages people look at: opens a local file, lets its scripts run, and
 * returns the DOM they left (or a screenshot). Found as {@code MULTIDRIVER_CHROMIUM}, else {@code chromium} or
 * {@code chromium-browser} on the PATH (Debian: {@code apt-get install chromium}). Without one the test is skipped
 * and says so, unless {@code MULTIDRIVER_REQUIRE_BROWSER=true} (CI), where that is a failure.
 */
public final class HeadlessChromium {
    private static final long TIMEOUT_S = 60;
    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser, or the test is skipped (or failed, when one is required) with the reason. */
    public static HeadlessChromium requireOrSkip() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String why = "no headless Chromium: set MULTIDRIVER_CHROMIUM or install chromium (apt-get install chromium)";
            if ("true".equals(System.getenv("MULTIDRIVER_REQUIRE_BROWSER"))) throw new AssertionError(why);
            System.out.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        return new HeadlessChromium(found.get());
    }

    private static Optional<Path> find() {
        String env = System.getenv("MULTIDRIVER_CHROMIUM");
        if (env != null && !env.isBlank()) return Optional.of(Path.of(env));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : new String[]{"chromium", "chromium-browser"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** What the page's DOM is after its load scripts ran, and how long the browser took, start to exit. */
    public record Page(String dom, long wallMs) {
        /** The value of {@code data-NAME} on {@code body}, or null. */
        public String bodyData(String name) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<body[^>]*\\sdata-" + name + "=\"([^\"]*)\"")
                    .matcher(dom);
            return m.find() ? m.group(1) : null;
        }
    }

    /** Opens {@code file} (with {@code fragment}, e.g. {@code fail}) in a 1280x900 window and dumps the DOM. */
    public Page dumpDom(Path file, String fragment) throws IOException, InterruptedException {
        List<String> args = base();
        args.add("--virtual-time-budget=3000");
        args.add("--dump-dom");
        args.add(url(file, fragment));
        long started = System.nanoTime();
        String out = run(args);
        return new Page(out, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** A PNG of {@code file} as it looks after its load scripts ran. */
    public void screenshot(Path file, String fragment, Path png) throws IOException, InterruptedException {
        List<String> args = base();
        args.add("--virtual-time-budget=3000");
        args.add("--screenshot=" + png.toAbsolutePath());
        args.add(url(file, fragment));
        run(args);
        if (!Files.isRegularFile(png)) throw new IOException("Chromium wrote no screenshot to " + png);
    }

    private List<String> base() {
        List<String> args = new ArrayList<>();
        args.add(binary.toString());
        args.add("--headless");
        args.add("--no-sandbox"); // CI runs as root, where Chromium's sandbox refuses to start
        args.add("--disable-gpu");
        args.add("--no-first-run");
        args.add("--window-size=1280,900");
        return args;
    }

    private static String url(Path file, String fragment) {
        return file.toAbsolutePath().toUri() + (fragment == null ? "" : "#" + fragment);
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        Path err = Files.createTempFile("chromium", ".err");
        Process p = new ProcessBuilder(args).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("Chromium did not finish in " + TIMEOUT_S + " s");
        }
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        Files.deleteIfExists(err);
        if (p.exitValue() != 0) throw new IOException("Chromium exited " + p.exitValue() + ": " + errors);
        return new String(out, StandardCharsets.UTF_8);
    }
}
