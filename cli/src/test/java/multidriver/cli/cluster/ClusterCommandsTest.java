package multidriver.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import multidriver.node.transport.ClusterCerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands without Docker: man-page help for each, one-line errors with exit 2 for bad values, the
 * cluster's certificates (made, kept, verified, a foreign one refused) and credentials (made once, private).
 */
class ClusterCommandsTest {
    private record Ran(int exit, String out, String err) {
    }

    private static Ran run(Object root, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Tool.execute(root, "test", args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everySubcommandHasManPageHelpWithItsExitCodes() {
        for (String sub : List.of("start", "test", "logs", "stop", "certs")) {
            Ran r = run(new ClusterCommand(), sub, "--help");
            assertEquals(0, r.exit(), sub + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: cluster " + sub), r.out());
            assertTrue(r.out().contains("Exit codes:"), "cluster " + sub + " says its exit codes: " + r.out());
        }
        for (String sub : List.of("start", "stop")) {
            Ran r = run(new NodesCommand(), sub, "--help");
            assertTrue(r.out().startsWith("Usage: nodes " + sub) && r.out().contains("Exit codes:"), r.out());
        }
        Ran bench = run(new BenchCommand(), "--help");
        assertTrue(bench.out().contains("Exit codes: 0 done, 2 error."), bench.out());
        Ran bare = run(new ClusterCommand());
        assertEquals(2, bare.exit(), "a group without a subcommand is a usage error");
        assertTrue(bare.err().contains("start") && bare.err().contains("certs"), bare.err());
    }

    @Test
    void badValuesGetOneLineAndExitTwo() {
        assertOneLine(run(new NodesCommand(), "start", "--nodes", "12"), "nodes start: --nodes must be 1..9, got 12");
        assertOneLine(run(new NodesCommand(), "start", "--nodes", "3", "--node", "5"),
                "nodes start: --node must be a node id below --nodes (3), got 5");
        assertOneLine(run(new ClusterCommand(), "logs", "--tail", "lots"),
                "cluster logs: --tail must be a number or 'all', got 'lots'");
        assertOneLine(run(new ClusterCommand(), "logs", "--node", "7"), "cluster logs: --node must be 0..4, got 7");
        assertOneLine(run(new ClusterCommand(), "certs", "--nodes", "0"),
                "cluster certs: --nodes must be a positive integer, got 0");
        assertOneLine(run(new BenchCommand(), "--connections", "64 lots"),
                "bench: --connections takes whole numbers, got 'lots'");
        assertOneLine(run(new BenchCommand(), "--client", "ab"), "bench: --client must be auto, wrk or java, got 'ab'");
        assertOneLine(run(new ClusterCommand(), "start", "--wait-seconds", "-1"),
                "cluster start: --wait-seconds must be a whole number, got -1");
        Ran typo = run(new ClusterCommand(), "start", "--no-buld");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("(did you mean --no-build?)"), typo.err());
        assertTrue(typo.err().contains("see: java -jar multidriver.jar cluster start --help"), typo.err());
    }

    private static void assertOneLine(Ran r, String expected) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(expected, r.err().strip());
    }

    @Test
    void certificatesAreMadeOnceVerifiedAndAForeignOneIsRefused(@TempDir Path dir) throws Exception {
        Path tls = dir.resolve("tls");
        Ran made = run(new ClusterCommand(), "certs", "--dir", tls.toString(), "--nodes", "2", "--node", "7");
        assertEquals(0, made.exit(), made.err());
        assertTrue(made.out().contains("verified 5 certificates"), made.out());
        for (String f : List.of("ca.key", "ca.crt", "node-0.crt", "node-1.key", "node-7.crt", "proxy.crt", "client.key")) {
            assertTrue(Files.size(tls.resolve(f)) > 0, f);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("node-7.key"))));
        X509Certificate node7 = readCert(tls.resolve("node-7.crt"));
        assertEquals("CN=node-7", node7.getSubjectX500Principal().getName());
        assertTrue(node7.getSubjectAlternativeNames().toString().contains("multi-driver-node-7"));
        assertTrue(node7.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
                "a node's certificate serves and authenticates as a client");
        assertEquals(-1, node7.getBasicConstraints(), "not a CA");

        Ran again = run(new ClusterCommand(), "certs", "--dir", tls.toString(), "--nodes", "2", "--node", "7");
        assertTrue(again.out().contains("already complete; nothing created"), again.out());

        Files.delete(tls.resolve("node-1.crt")); // a missing certificate is signed for the key that is kept
        String key = Files.readString(tls.resolve("node-1.key"));
        assertEquals(0, run(new ClusterCommand(), "certs", "--dir", tls.toString(), "--nodes", "2").exit());
        assertEquals(key, Files.readString(tls.resolve("node-1.key")));
        readCert(tls.resolve("node-1.crt")).verify(readCert(tls.resolve("ca.crt")).getPublicKey());

        Path other = dir.resolve("other");
        ClusterCerts.ensure(other, 1, List.of(), false, new PrintStream(java.io.OutputStream.nullOutputStream()));
        Files.copy(other.resolve("node-0.crt"), tls.resolve("node-0.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Ran foreign = run(new ClusterCommand(), "certs", "--dir", tls.toString(), "--nodes", "2");
        assertEquals(2, foreign.exit(), "a certificate of another CA is refused: " + foreign.out());
        assertTrue(foreign.err().contains("node-0.crt"), foreign.err());
    }

    private static X509Certificate readCert(Path f) throws Exception {
        try (var in = Files.newInputStream(f)) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void credentialsAreMadeOncePrivateAndTheAdminTokenCanBeRestored(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        Credentials.ensure(dir, out);
        String token = Credentials.readToken(null, dir.resolve("admin.token"));
        assertEquals(64, token.length(), "32 random bytes in hex");
        assertTrue(Files.readString(dir.resolve("api/tokens")).contains("admin admin " + token));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cluster.secret"))));
        String secret = Files.readString(dir.resolve("cluster.secret"));
        Credentials.ensure(dir, out);
        assertEquals(secret, Files.readString(dir.resolve("cluster.secret")), "made once");
        Files.delete(dir.resolve("admin.token"));
        Credentials.ensure(dir, out);
        assertEquals(token, Credentials.readToken(null, dir.resolve("admin.token")), "restored from the tokens file");
        assertEquals("from-env", Credentials.readToken("from-env", dir.resolve("admin.token")));
        Files.writeString(dir.resolve("empty.token"), "\n");
        assertFalse(tryRead(dir.resolve("empty.token")).isEmpty());
    }

    private static String tryRead(Path f) {
        try {
            Credentials.readToken(null, f);
            return "";
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }
}
