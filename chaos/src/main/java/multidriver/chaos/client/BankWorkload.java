package multidriver.chaos.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import multidriver.check.history.Keyword;
import multidriver.check.history.OpType;

/**
 * Jepsen's bank workload, with a ledger: {@value #ACCOUNTS} accounts of {@value #INITIAL_BALANCE} each; clients
 * transfer random amounts between random accounts (three in four ops) and read every balance (one in four). Each
 * transfer has a unique id, written to a ledger by the same transaction, so that a commit the system acknowledged and
 * then lost shows up: the totals alone ({@code BankCheck}) cannot see a transfer that vanished whole. After the heal
 * {@link #finalReads} reads the balances and the ledger ({@code TransferCheck}).
 */
public final class BankWorkload {
    public static final int ACCOUNTS = 5;
    public static final long INITIAL_BALANCE = 100;
    /** The sum every read must show. */
    public static final long TOTAL = ACCOUNTS * INITIAL_BALANCE;
    private static final long MAX_AMOUNT = 5;

    private BankWorkload() {
    }

    /** The bank's name in the run's key space: letters, digits and underscores (a SQL table prefix). */
    public static String bankName(KeySpace keySpace) {
        return keySpace.httpKey(0).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /**
     * Sets the bank up through {@code setUpClient} (retried, as the database may still be starting), then opens one
     * client per thread. Throws when the bank cannot be set up: the run has nothing to test.
     */
    public static ClientLoad load(WorkloadSpec spec, IntFunction<BankClient> clients, int members, KeySpace keySpace,
                                  Recorder recorder, long endNs) {
        String bank = bankName(keySpace);
        try (BankClient setUp = clients.apply(0)) {
            Completion done = null;
            for (int attempt = 0; attempt < 10; attempt++) {
                done = Completion.guarded(false, () -> setUp.setUp(bank, ACCOUNTS, INITIAL_BALANCE));
                if (done.type() == OpType.OK) break;
                if (!Pacing.pauseMs(500L * (attempt + 1))) break;
            }
            if (done.type() != OpType.OK) {
                throw new IllegalStateException("could not set up the bank's accounts: " + done.error());
            }
        }
        return new PacedClients<>("chaos-bank-client", spec, clients, members, recorder, endNs,
                (index, client, random) -> new Step(index, spec.concurrency(), client, bank, recorder, random));
    }

    /** After the heal: one read of every balance and one of the ledger, each retried. Whether both were ok. */
    public static boolean finalReads(KeySpace keySpace, List<BankClient> readers, Recorder recorder) {
        String bank = bankName(keySpace);
        return FinalReads.retried("read", readers, recorder, r -> r.readBalances(bank))
                && FinalReads.retried("ledger", readers, recorder, r -> r.readLedger(bank));
    }

    /** A transfer's value in the history: {@code {:id :from :to :amount}}. */
    static Map<Object, Object> transferValue(long id, long from, long to, long amount) {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(Keyword.of("id"), id);
        m.put(Keyword.of("from"), from);
        m.put(Keyword.of("to"), to);
        m.put(Keyword.of("amount"), amount);
        return java.util.Collections.unmodifiableMap(m);
    }


    /** One client: transfers and whole-bank reads. */
    private static final class Step implements Runnable {
        private final int concurrency;
        private final BankClient client;
        private final String bank;
        private final Recorder recorder;
        private final java.util.Random random;
        private long process;
        private long nextId;

        Step(int index, int concurrency, BankClient client, String bank, Recorder recorder, java.util.Random random) {
            this.concurrency = concurrency;
            this.client = client;
            this.bank = bank;
            this.recorder = recorder;
            this.random = random;
            this.process = index;
            this.nextId = index;
        }

        @Override
        public void run() {
            if (random.nextInt(4) == 0) {
                recorder.invoke(process, "read", null);
                Completion done = Completion.guarded(true, () -> client.readBalances(bank));
                recorder.complete(process, done.type(), "read", done.type() == OpType.OK ? done.value() : null,
                        done.error());
                return;
            }
            long id = nextId;
            nextId += concurrency;
            long from = random.nextInt(ACCOUNTS);
            long to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            long amount = 1 + random.nextInt((int) MAX_AMOUNT);
            Map<Object, Object> value = transferValue(id, from, to, amount);
            recorder.invoke(process, "transfer", value);
            Completion done = Completion.guarded(false, () -> client.transfer(bank, id, from, to, amount));
            recorder.complete(process, done.type(), "transfer", value, done.error());
            if (done.type() == OpType.INFO) process += concurrency; // it may still commit: a new process
        }
    }
}
