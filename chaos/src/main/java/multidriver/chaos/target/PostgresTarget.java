package multidriver.chaos.target;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import multidriver.chaos.client.BankClient;
import multidriver.chaos.client.Polling;
import multidriver.chaos.client.RegisterClient;
import multidriver.chaos.cluster.Cluster;
import multidriver.chaos.cluster.ContainerCluster;
import multidriver.chaos.cluster.DockerCli;
import multidriver.chaos.cluster.ServiceCluster;
import multidriver.chaos.run.ClusterSource;
import multidriver.chaos.run.RunOptions;

/**
 * PostgreSQL (Debian's {@code postgresql} 15) as a target: one primary, its data directory made by {@code initdb} on
 * the container's first start, a password made per run (SCRAM over TCP, nothing trusted). Clients speak JDBC
 * ({@link PostgresClient}): the register workload on one table, the bank workload on accounts and a ledger.
 *
 * <p>{@code synchronous_commit=off} acknowledges a commit before its WAL is flushed: a crash ({@code kill}: SIGKILL
 * to every process of the member) then takes back what the WAL writer had not yet written, which the bank's ledger
 * check and the register's final reads report as lost. With the default ({@code on}) nothing acknowledged is lost.
 */
public final class PostgresTarget implements TargetSystem {
    public static final String IMAGE = "multi-driver-postgres:bookworm";
    static final int PORT = 5432;
    private static final String BIN = "/usr/lib/postgresql/15/bin/";

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String summary() {
        return "PostgreSQL 15 (Debian postgresql, image " + IMAGE + " from scripts/build_target_image.sh postgres),"
                + " one primary (--nodes 1), JDBC; register per key and bank (transfers with a ledger)";
    }

    @Override
    public List<String> workloads() {
        return List.of("register", "bank");
    }

    @Override
    public List<TargetSetting> settings() {
        return List.of(TargetImage.setting(IMAGE),
                new TargetSetting("synchronous_commit", "on", List.of("on", "off"),
                        "off acknowledges commits before their WAL is flushed"),
                new TargetSetting("isolation", "serializable", List.of("serializable", "repeatable-read",
                        "read-committed"), "the bank's transfer transactions' isolation level"));
    }

    @Override
    public void validate(RunOptions options) {
        if (options.cluster() == ClusterSource.COMPOSE) {
            ServiceCluster.validate(options, "postgres"); // the same rules, worded for the borrowed container
            return;
        }
        if (options.nodes() != 1) {
            throw new IllegalArgumentException("--target postgres runs a single primary: give --nodes 1");
        }
        ServiceCluster.refusePartitions(options, "a single PostgreSQL primary");
    }

    @Override
    public RunningTarget start(RunOptions options, TargetOptions settings, DockerCli docker) {
        validate(options);
        String synchronousCommit = settings.get("synchronous_commit");
        Cluster cluster;
        String password;
        if (options.cluster() == ClusterSource.COMPOSE) {
            if (!synchronousCommit.equals("on")) {
                throw new IllegalArgumentException("synchronous_commit is set when the harness starts its own"
                        + " PostgreSQL; the compose service multi-driver-postgres runs with the default (on)");
            }
            cluster = ServiceCluster.attach("postgres", PORT, docker);
            password = ServiceCluster.secret("postgres.password");
        } else {
            String image = TargetImage.require(settings, docker, "postgres");
            byte[] b = new byte[16];
            new SecureRandom().nextBytes(b);
            String pw = HexFormat.of().formatHex(b);
            password = pw;
            cluster = ContainerCluster.start("postgres", image, 1, PORT, "",
                        (id, c) -> c.withCommand("sh", "-c", script(pw, synchronousCommit))
                            .withCreateContainerCmdModifier(cmd -> cmd.withStopSignal("SIGINT")));
        }
        int isolation = switch (settings.get("isolation")) {
            case "read-committed" -> Connection.TRANSACTION_READ_COMMITTED;
            case "repeatable-read" -> Connection.TRANSACTION_REPEATABLE_READ;
            default -> Connection.TRANSACTION_SERIALIZABLE;
        };
        return new Running(cluster, password, isolation);
    }

    /**
     * The member's start: {@code initdb} on first start only (a restarted member recovers from its WAL), then the
     * server in the foreground as the {@code postgres} user, logging to the container's output.
     */
    static String script(String password, String synchronousCommit) {
        String su = "su postgres -s /bin/sh -c ";
        return "set -e\n"
                + "mkdir -p /data/pg && chown postgres:postgres /data/pg && chmod 700 /data/pg\n"
                + "if [ ! -s /data/pg/PG_VERSION ]; then\n"
                + "  printf '%s' '" + password + "' > /tmp/pw && chown postgres /tmp/pw\n"
                + "  " + su + "'" + BIN + "initdb -D /data/pg -U postgres --auth-local=peer --auth-host=scram-sha-256"
                + " --pwfile=/tmp/pw'\n"
                + "  rm -f /tmp/pw\n"
                + "  echo 'host all all 0.0.0.0/0 scram-sha-256' >> /data/pg/pg_hba.conf\n"
                + "fi\n"
                // postgres itself as the container's first process, so that `docker stop` (SIGINT: a fast shutdown)
                // reaches it, and `docker kill` is a crash of the postmaster and all its children.
                + "exec setpriv --reuid=postgres --regid=postgres --init-groups " + BIN + "postgres -D /data/pg -c"
                + " 'listen_addresses=*' -c unix_socket_directories=/tmp -c synchronous_commit=" + synchronousCommit
                + " -c fsync=on\n";
    }

    private static final class Running implements RunningTarget {
        private final Cluster cluster;
        private final String password;
        private final int isolation;

        Running(Cluster cluster, String password, int isolation) {
            this.cluster = cluster;
            this.password = password;
            this.isolation = isolation;
        }

        @Override
        public Cluster cluster() {
            return cluster;
        }

        /** Ready when it takes a connection and has the register table (created here, idempotently). */
        @Override
        public Optional<String> awaitReady(Duration timeout) {
            return Polling.await(timeout, () -> {
                try (Connection c = DriverManager.getConnection(PostgresClient.url("127.0.0.1",
                        cluster.publishedPort(0, PORT)), PostgresClient.properties(password));
                     Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + PostgresClient.REGISTERS
                            + " (k text PRIMARY KEY, v bigint NOT NULL)");
                    return Optional.of("primary node-0 accepts connections");
                } catch (SQLException e) {
                    return Optional.empty();
                }
            });
        }

        @Override
        public OptionalInt primary() {
            return OptionalInt.of(0);
        }

        @Override
        public String status() {
            return "node-0 " + (awaitReady(Duration.ofSeconds(3)).isPresent() ? "accepts connections"
                    : "does not accept connections");
        }

        @Override
        public RegisterClient client(int home) {
            return postgresClient();
        }

        @Override
        public BankClient bankClient(int home) {
            return postgresClient();
        }

        private PostgresClient postgresClient() {
            return new PostgresClient("127.0.0.1", cluster.publishedPort(0, PORT), password, isolation);
        }


        @Override
        public void close() {
            cluster.close();
        }
    }
}
