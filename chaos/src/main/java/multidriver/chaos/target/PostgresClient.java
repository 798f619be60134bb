package multidriver.chaos.target;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import multidriver.chaos.client.BankClient;
import multidriver.chaos.client.Completion;
import multidriver.chaos.client.RegisterClient;

/**
 * A client of PostgreSQL through its JDBC driver, for the register and bank workloads. One connection, opened on
 * first use and dropped after any error that may have broken it.
 *
 * <p>How outcomes are classified: an error the server reported about a statement (SQLSTATE classes 22, 23, 40, 42)
 * means the transaction rolled back, so {@code :fail}; so does any error before a transaction's {@code COMMIT} was
 * sent. A lost connection or a timeout while a commit (or an autocommit write) was in flight is {@code :info}: the
 * server may have committed it. Reads that fail are {@code :fail}.
 */
final class PostgresClient implements RegisterClient, BankClient {
    static final String REGISTERS = "chaos_registers";
    private final String url;
    private final Properties properties;
    private final int isolation;
    private Connection connection;

    PostgresClient(String host, int port, String password, int isolation) {
        this.url = url(host, port);
        this.properties = properties(password);
        this.isolation = isolation;
    }

    static String url(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/postgres";
    }

    /** How every connection of the harness logs in and how long it waits (a statement: at most 3 s). */
    static Properties properties(String password) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "2");
        p.setProperty("loginTimeout", "3");
        p.setProperty("socketTimeout", "3");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "multi-driver-chaos");
        return p;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, properties);
        }
        return connection;
    }

    /**
     * Whether the server reported this error about the statement, so its transaction surely rolled back: data
     * exceptions (22), integrity violations (23), syntax or access errors (42), and of class 40 the serialization
     * failure (40001), deadlock (40P01) and integrity violation (40002); not 40003, "statement completion unknown".
     */
    static boolean rolledBack(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42")
                || state.equals("40001") || state.equals("40P01") || state.equals("40002"));
    }

    // ---- register: one row per key of chaos_registers, each op one autocommit statement ----

    @Override
    public Completion read(String key) {
        try (PreparedStatement s = autocommit().prepareStatement("SELECT v FROM " + REGISTERS + " WHERE k = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return Completion.ok(r.next() ? r.getLong(1) : null);
            }
        } catch (SQLException e) {
            return readFailed(e);
        }
    }

    @Override
    public Completion write(String key, long value) {
        return update("INSERT INTO " + REGISTERS + " (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v",
                key, value, null);
    }

    @Override
    public Completion cas(String key, long expected, long value) {
        return update("UPDATE " + REGISTERS + " SET v = ? WHERE k = ? AND v = ?", key, value, expected);
    }

    private Completion update(String sql, String key, long value, Long expected) {
        Connection c;
        try {
            c = autocommit();
        } catch (SQLException e) {
            drop();
            return Completion.fail("no connection: " + e.getMessage());
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (expected == null) {
                s.setString(1, key);
                s.setLong(2, value);
            } else {
                s.setLong(1, value);
                s.setString(2, key);
                s.setLong(3, expected);
            }
            int rows = s.executeUpdate();
            return rows == 1 ? Completion.ok(null) : Completion.refused("the register did not hold " + expected);
        } catch (SQLException e) {
            return writeFailed(e);
        }
    }

    private Connection autocommit() throws SQLException {
        Connection c = connection();
        if (!c.getAutoCommit()) c.setAutoCommit(true);
        return c;
    }

    // ---- bank: <bank>_accounts and <bank>_ledger ----

    @Override
    public Completion setUp(String bank, int accounts, long initialBalance) {
        try {
            Connection c = autocommit();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + bank + "_accounts (id bigint PRIMARY KEY,"
                        + " balance bigint NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS " + bank + "_ledger (id bigint PRIMARY KEY, from_account"
                        + " bigint NOT NULL, to_account bigint NOT NULL, amount bigint NOT NULL)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + bank + "_accounts (id, balance)"
                    + " VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                for (int i = 0; i < accounts; i++) {
                    p.setLong(1, i);
                    p.setLong(2, initialBalance);
                    p.executeUpdate();
                }
            }
            return Completion.ok(null);
        } catch (SQLException e) {
            drop();
            return Completion.fail("set-up: " + e.getMessage());
        }
    }

    /**
     * Jepsen's transfer, read then write: the balances are read and the computed ones written, so the isolation
     * level decides whether concurrent transfers can lose each other's updates (they can under read committed).
     */
    @Override
    public Completion transfer(String bank, long id, long from, long to, long amount) {
        Connection c;
        try {
            c = connection();
            c.setAutoCommit(false);
            c.setTransactionIsolation(isolation);
        } catch (SQLException e) {
            drop();
            return Completion.fail("no connection: " + e.getMessage());
        }
        try {
            long fromBalance = balance(c, bank, from);
            long toBalance = balance(c, bank, to);
            if (fromBalance < amount) {
                c.rollback();
                return Completion.refused("insufficient funds: account " + from + " has " + fromBalance);
            }
            setBalance(c, bank, from, fromBalance - amount);
            setBalance(c, bank, to, toBalance + amount);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + bank + "_ledger (id, from_account,"
                    + " to_account, amount) VALUES (?, ?, ?, ?)")) {
                p.setLong(1, id);
                p.setLong(2, from);
                p.setLong(3, to);
                p.setLong(4, amount);
                p.executeUpdate();
            }
        } catch (SQLException e) {
            // COMMIT was not sent: the transaction did not commit, whatever broke.
            rollbackOrDrop(c);
            return Completion.fail("before commit: " + e.getMessage());
        }
        try {
            c.commit();
            return Completion.ok(null);
        } catch (SQLException e) {
            if (rolledBack(e)) {
                rollbackOrDrop(c);
                return Completion.fail("commit refused: " + e.getMessage());
            }
            drop();
            return Completion.info("commit: " + e.getMessage());
        }
    }

    private static long balance(Connection c, String bank, long account) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT balance FROM " + bank + "_accounts WHERE id = ?")) {
            p.setLong(1, account);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) throw new SQLException("no account " + account, "22000");
                return r.getLong(1);
            }
        }
    }

    private static void setBalance(Connection c, String bank, long account, long balance) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + bank + "_accounts SET balance = ? WHERE id = ?")) {
            p.setLong(1, balance);
            p.setLong(2, account);
            p.executeUpdate();
        }
    }

    /** One statement, so one snapshot, whatever the isolation level. */
    @Override
    public Completion readBalances(String bank) {
        try (Statement s = autocommit().createStatement();
             ResultSet r = s.executeQuery("SELECT id, balance FROM " + bank + "_accounts ORDER BY id")) {
            Map<Long, Long> balances = new TreeMap<>();
            while (r.next()) balances.put(r.getLong(1), r.getLong(2));
            return Completion.ok(java.util.Collections.unmodifiableMap(balances));
        } catch (SQLException e) {
            return readFailed(e);
        }
    }

    @Override
    public Completion readLedger(String bank) {
        try (Statement s = autocommit().createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM " + bank + "_ledger ORDER BY id")) {
            List<Long> ids = new ArrayList<>();
            while (r.next()) ids.add(r.getLong(1));
            return Completion.ok(List.copyOf(ids));
        } catch (SQLException e) {
            return readFailed(e);
        }
    }

    private Completion readFailed(SQLException e) {
        if (!rolledBack(e)) drop();
        return Completion.fail("read: " + e.getMessage());
    }

    private Completion writeFailed(SQLException e) {
        if (rolledBack(e)) return Completion.fail("refused: " + e.getMessage());
        drop();
        return Completion.info("write: " + e.getMessage());
    }

    private void rollbackOrDrop(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            drop();
        }
    }

    private void drop() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // a broken connection: nothing more to release
            }
        }
    }

    @Override
    public void close() {
        drop();
    }
}
