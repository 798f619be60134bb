package multidriver.cli.cluster;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code secrets/tls/machine-N}: the CA certificate and the certificate and key of the server machine N runs now,
 * mounted as its TLS_DIR (the CA key never leaves secrets/tls). Readable by the node's user inside the container.
 */
final class MachineTls {
    private MachineTls() {
    }

    static void prepare(ClusterLayout layout, int machine, int serverId) throws IOException {
        Path tls = layout.tlsDir();
        Path dir = tls.resolve("machine-" + machine);
        Files.createDirectories(dir);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        if (posix) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "node-*.{crt,key}")) {
            for (Path p : old) Files.delete(p);
        }
        for (String name : new String[]{"ca.crt", "node-" + serverId + ".crt", "node-" + serverId + ".key"}) {
            Path to = dir.resolve(name);
            Files.copy(tls.resolve(name), to, StandardCopyOption.REPLACE_EXISTING);
            if (posix) Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
