package multidriver.node.transport;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's TLS material: a private CA, a certificate per node, one for the reverse proxy and one client
 * certificate: {@code scripts/make_certs.sh} and {@code multidriver.jar cluster certs}, and the tests' TLS material.
 * BouncyCastle builds the certificates (an optional dependency: the node itself only reads them, with the JDK).
 *
 * <p>Why a private CA: nodes authenticate each other (and clients) by certificates that chain to this CA only, so no
 * public CA can mint a valid "node-3". A node's identity is its certificate's CN, {@code node-<id>}, which the node
 * checks against the id it expects; the SANs only serve host name verification ({@code node-i} inside the compose
 * network, {@code multi-driver-node-i} as the container name, localhost/127.0.0.1 through the published ports).
 * EC P-256 keys as PKCS#8 PEM: small, fast handshakes, and readable by Java 17's "EC" KeyFactory.
 */
public final class ClusterCerts {
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(730);
    private final Path dir;
    private final PrintStream out;
    private final List<String> created = new ArrayList<>();
    private boolean force;

    private ClusterCerts(Path dir, boolean force, PrintStream out) {
        this.dir = dir;
        this.force = force;
        this.out = out;
    }

    /**
     * Makes what is missing in {@code dir} (everything with {@code force}; a new CA re-signs every leaf), then
     * verifies every certificate against the CA.
     *
     * @param nodes    certificates for servers 0..nodes-1
     * @param extraIds and for these servers (ones that joined later under a new id)
     * @throws IOException when a certificate does not verify (expired, or from another CA), or a file is unreadable
     */
    public static void ensure(Path dir, int nodes, List<Integer> extraIds, boolean force, PrintStream out)
            throws IOException {
        new ClusterCerts(dir, force, out).make(nodes, extraIds);
    }

    private void make(int nodes, List<Integer> extraIds) throws IOException {
        PrivateFiles.privateDirectory(dir);
        try {
            if (force || !nonEmpty("ca.key") || !nonEmpty("ca.crt")) {
                force = true; // a new CA key: every leaf must be signed again
                KeyPair ca = newKey("ca");
                X500Name name = new X500Name("CN=multi-driver-ca");
                X509v3CertificateBuilder b = builder(name, name, ca.getPublic(), CA_VALIDITY);
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                b.addExtension(Extension.subjectKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(ca.getPublic()));
                writeCert("ca", sign(b, ca.getPrivate()));
            }
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < nodes; i++) ids.add(i);
            for (int id : extraIds) if (!ids.contains(id)) ids.add(id);
            for (int i : ids) {
                leaf("node-" + i, "node-" + i, new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth,
                        KeyPurposeId.id_kp_clientAuth}, "node-" + i, "multi-driver-node-" + i, "localhost");
            }
            leaf("proxy", "multi-driver-proxy", new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth}, "localhost",
                    "multi-driver-proxy");
            leaf("client", "client", new KeyPurposeId[]{KeyPurposeId.id_kp_clientAuth});
            out.println(created.isEmpty() ? "TLS material in " + dir + " already complete; nothing created"
                    : "created in " + dir + ": " + String.join(" ", created));
            List<String> names = new ArrayList<>(List.of("proxy", "client"));
            for (int i : ids) names.add("node-" + i);
            verify(names);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the TLS material in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code name.key} (kept when present) and {@code name.crt} signed by the CA; {@code dns}: SANs (with 127.0.0.1). */
    private void leaf(String name, String cn, KeyPurposeId[] usages, String... dns)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        if (!force && nonEmpty(name + ".key") && nonEmpty(name + ".crt")) return;
        PublicKey publicKey;
        PrivateKey privateKey;
        if (force || !nonEmpty(name + ".key")) {
            KeyPair kp = newKey(name);
            publicKey = kp.getPublic();
            privateKey = kp.getPrivate();
        } else {
            privateKey = readKey(dir.resolve(name + ".key"));
            publicKey = publicOf(privateKey);
        }
        X509Certificate ca = readCert(dir.resolve("ca.crt"));
        X509v3CertificateBuilder b = builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + cn), publicKey, LEAF_VALIDITY);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usages));
        if (dns.length > 0) {
            GeneralName[] sans = new GeneralName[dns.length + 1];
            for (int i = 0; i < dns.length; i++) sans[i] = new GeneralName(GeneralName.dNSName, dns[i]);
            sans[dns.length] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.getPublicKey()));
        writeCert(name, sign(b, readKey(dir.resolve("ca.key"))));
    }

    private void verify(List<String> names) throws IOException, GeneralSecurityException {
        X509Certificate ca = readCert(dir.resolve("ca.crt"));
        List<String> bad = new ArrayList<>();
        try {
            ca.checkValidity();
        } catch (GeneralSecurityException e) {
            bad.add(dir.resolve("ca.crt") + " (" + e.getMessage() + ")");
        }
        for (String n : names) {
            try {
                X509Certificate c = readCert(dir.resolve(n + ".crt"));
                c.verify(ca.getPublicKey());
                c.checkValidity();
            } catch (GeneralSecurityException e) {
                bad.add(dir.resolve(n + ".crt") + " (" + e.getMessage() + ")");
            }
        }
        if (!bad.isEmpty()) {
            throw new IOException("certificates that do not verify against " + dir.resolve("ca.crt")
                    + " (expired or from another CA? recreate with --force): " + String.join(", ", bad));
        }
        out.println("verified " + names.size() + " certificates against " + dir.resolve("ca.crt"));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Duration valid) {
        Instant now = Instant.now();
        // A random 127-bit serial: no serial file to keep, and serials never repeat.
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, new java.security.SecureRandom()).add(
                BigInteger.ONE), Date.from(now.minusSeconds(60)), Date.from(now.plus(valid)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey caKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    private KeyPair newKey(String name) throws IOException, GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        PrivateFiles.write(dir.resolve(name + ".key"), pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
        created.add(name + ".key");
        return kp;
    }

    private void writeCert(String name, X509Certificate cert) throws IOException, GeneralSecurityException {
        Path f = dir.resolve(name + ".crt");
        Files.writeString(f, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        if (Files.getFileStore(f).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        created.add(name + ".crt");
    }

    private boolean nonEmpty(String name) throws IOException {
        Path f = dir.resolve(name);
        return Files.isRegularFile(f) && Files.size(f) > 0;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static PrivateKey readKey(Path f) throws IOException, GeneralSecurityException {
        String text = Files.readString(f, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) throw new IOException(f + ": not a PKCS#8 PEM private key");
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    static X509Certificate readCert(Path f) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(f)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The public half of a P-256 private key: the curve's generator times the private scalar (no JCE provider). */
    private static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        java.security.interfaces.ECPrivateKey k = (java.security.interfaces.ECPrivateKey) key;
        org.bouncycastle.asn1.x9.X9ECParameters curve = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("P-256");
        org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(k.getS()).normalize();
        return KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(
                new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                k.getParams()));
    }
}
