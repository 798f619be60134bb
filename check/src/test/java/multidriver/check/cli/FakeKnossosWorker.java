package multidriver.check.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for {@link KnossosWorker} that speaks its protocol with chosen delays, so the session's time limits and
 * cancellation can be tested without Knossos: it "loads" for {@code args[0]} ms (or says it cannot, with
 * {@code args[0] = fail}), then answers each job by its model name: {@code fast} valid at once, {@code invalid}
 * invalid, {@code slow} never (it sleeps until killed).
 */
public final class FakeKnossosWorker {
    private FakeKnossosWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("fail")) {
            System.out.println(KnossosJob.answer("error", 0, "Could not locate knossos/competition__init.class"));
            return;
        }
        Thread.sleep(Long.parseLong(args[0]));
        KnossosJob.warmUp();
        System.out.println("[0.1s][info][gc] a JVM log line on stdout, to be skipped");
        System.out.println(KnossosJob.loaded(Long.parseLong(args[0])));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            KnossosJob job = KnossosJob.fromLine(line);
            switch (job.model()) {
                case "slow" -> Thread.sleep(600_000);
                case "garbled" -> System.out.println(KnossosJob.MARK + "what?");
                case "die" -> {
                    System.err.println("java.lang.StackOverflowError in knossos.search");
                    System.exit(3);
                }
                case "invalid" -> System.out.println(KnossosJob.answer("invalid", 3, ""));
                default -> System.out.println(KnossosJob.answer("valid", 2, "limit " + job.timeLimitMs()));
            }
        }
    }
}
