package multidriver.chaos.client;

/**
 * One client of the bank workload: accounts {@code 0..accounts-1} in one database, transfers in transactions that
 * also write the transfer's id to a ledger, and reads of every balance at once. One instance per client thread.
 */
public interface BankClient extends AutoCloseable {
    /**
     * Creates the accounts (each with {@code initialBalance}) and the empty ledger of {@code bank} if they are not
     * there; idempotent, so every client may call it.
     */
    Completion setUp(String bank, int accounts, long initialBalance);

    /**
     * Moves {@code amount} from {@code from} to {@code to} and records {@code id} in the ledger, in one transaction:
     * {@code :ok} once committed, {@code :fail} when it surely did not commit (refused for lack of funds, a
     * serialization failure, no connection), {@code :info} when the commit's outcome is unknown.
     */
    Completion transfer(String bank, long id, long from, long to, long amount);

    /** Every balance at once, {@code :ok} with a map from account (long) to balance (long). */
    Completion readBalances(String bank);

    /** Every transfer id in the ledger, {@code :ok} with a sorted list of longs. */
    Completion readLedger(String bank);

    /** Releases connections; never throws. */
    @Override
    void close();
}
