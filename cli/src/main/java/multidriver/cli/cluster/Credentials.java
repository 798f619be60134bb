package multidriver.cli.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import multidriver.node.transport.PrivateFiles;

/**
 * A cluster's credentials, made on first use and readable by this user only; there is no default secret and no
 * default token. {@code cluster.secret} signs every Raft frame (HMAC-SHA256); {@code api/tokens} holds the HTTP
 * bearer tokens ({@code <role> <name> <token>} per line, in a directory of its own so that compose can mount just
 * it and the nodes still see edits); {@code admin.token} holds the admin's token alone, for the scripts and clients.
 */
public final class Credentials {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    /** Creates {@code dir/cluster.secret}, {@code dir/admin.token} and {@code dir/api/tokens} when missing. */
    public static void ensure(Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir.resolve("api"));
        privateDir(dir);
        privateDir(dir.resolve("api"));
        Path secret = dir.resolve("cluster.secret");
        if (!nonEmpty(secret)) {
            PrivateFiles.write(secret, Base64.getEncoder().encodeToString(randomBytes(32)) + "\n");
            out.println("created the cluster secret " + secret);
        }
        Path tokens = dir.resolve("api").resolve("tokens");
        Path admin = dir.resolve("admin.token");
        if (nonEmpty(tokens) && !nonEmpty(admin)) {
            // Interrupted between the two files, or admin.token deleted: the tokens file still holds the admin's.
            for (String line : Files.readAllLines(tokens, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && f[0].equals("admin")) {
                    PrivateFiles.write(admin, f[2] + "\n");
                    out.println("restored " + admin + " from " + tokens);
                    break;
                }
            }
        }
        if (!nonEmpty(tokens)) {
            String token = HexFormat.of().formatHex(randomBytes(32));
            // admin.token first: stopped between the two writes, the next start recreates both consistently.
            PrivateFiles.write(admin, token + "\n");
            PrivateFiles.write(tokens, "# HTTP API bearer tokens: <role> <name> <token>; role read, write or admin. Nodes"
                    + " reread this file\n# within a second of a change. A client id belongs to the token name that"
                    + " registered it; several tokens\n# may share a name (and its sessions) while one replaces"
                    + " another.\nadmin admin " + token + "\n");
            out.println("created the tokens file " + tokens + " and the admin token " + admin);
        }
    }

    /** {@code secrets/services/*.password} and the RabbitMQ cookie, made once (no default password). */
    public static void ensureServices(Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        privateDir(dir);
        for (String name : List.of("postgres.password", "redis.password", "rabbitmq.password", "rabbitmq.cookie")) {
            Path f = dir.resolve(name);
            if (!nonEmpty(f)) {
                PrivateFiles.write(f, HexFormat.of().formatHex(randomBytes(24)));
                out.println("created " + f);
            }
        }
    }

    /**
     * {@code MULTIDRIVER_TOKEN} when set, else the first line of the first readable file.
     *
     * @throws IOException naming what to set or create, when there is no token or it is empty
     */
    public static String readToken(String fromEnvironment, Path... files) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return fromEnvironment.trim();
        for (Path f : files) {
            if (Files.isReadable(f)) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                String token = lines.isEmpty() ? "" : lines.get(0).strip();
                if (token.isEmpty()) throw new IOException(f + " holds no token on its first line");
                return token;
            }
        }
        throw new IOException("no API token: set MULTIDRIVER_TOKEN or create one of: " + List.of(files));
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static boolean nonEmpty(Path f) throws IOException {
        return Files.isRegularFile(f) && Files.size(f) > 0;
    }

    /** Best effort, as before: a directory this user does not own keeps its mode. */
    private static void privateDir(Path dir) throws IOException {
        try {
            PrivateFiles.privateDirectory(dir);
        } catch (java.nio.file.FileSystemException e) {
            Files.createDirectories(dir);
        }
    }
}
