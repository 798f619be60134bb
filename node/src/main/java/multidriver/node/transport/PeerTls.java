package multidriver.node.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS for Raft RPC. Every member holds a certificate of the cluster CA whose common name is
 * {@code node-<id>}; a connection is accepted only from a certificate of that CA, and each side checks that the other
 * is the member it claims to be: the dialer that the certificate names the peer it dialled, the listener that every
 * frame's sender is the member the certificate names. So a member cannot speak as another member, which the shared
 * HMAC secret alone cannot prevent. Host names are not checked (members are found by address, often 127.0.0.1 or a
 * container alias); the identity is the CN under a CA that only this cluster uses.
 */
public final class PeerTls {
  private static final String[] PROTOCOLS = {"TLSv1.3"};
  /** A TLS handshake must finish within this; the authentication deadline of inbound connections also covers it. */
  static final int HANDSHAKE_TIMEOUT_MS = 5_000;
  private static final String CN_PREFIX = "node-";

  private final SSLContext context;
  private final int selfId;

  private PeerTls(SSLContext context, int selfId) {
    this.context = context;
    this.selfId = selfId;
  }

  /**
   * Loads this node's PEM certificate (chain), its PKCS#8 PEM private key and the cluster CA's PEM certificate.
   * Refuses a certificate whose CN is not {@code node-<selfId>}: a node started with another member's files would
   * otherwise be refused by every peer with a less helpful message.
   */
  public static PeerTls load(int selfId, Path certFile, Path keyFile, Path caFile) {
    try {
      X509Certificate[] chain = certificates(certFile).toArray(new X509Certificate[0]);
      if (chain.length == 0) {
        throw new IllegalArgumentException("TLS_CERT_FILE " + certFile + " holds no certificate");
      }
      int certId = nodeIdOf(chain[0]);
      if (certId != selfId) {
        throw new IllegalArgumentException("TLS_CERT_FILE " + certFile + " is the certificate of "
            + chain[0].getSubjectX500Principal().getName() + ", not of node-" + selfId);
      }
      PrivateKey key = privateKey(keyFile);
      Collection<X509Certificate> cas = certificates(caFile);
      if (cas.isEmpty()) {
        throw new IllegalArgumentException("TLS_CA_FILE " + caFile + " holds no certificate");
      }
      char[] password = new char[0];
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("node", key, password, chain);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      SSLContext ctx = SSLContext.getInstance("TLSv1.3");
      ctx.init(kmf.getKeyManagers(), trustOnly(cas), new SecureRandom());
      return new PeerTls(ctx, selfId);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot load the node's TLS files (" + certFile + ", " + keyFile + ", "
          + caFile + "): " + e, e);
    }
  }

  /**
   * A client context that trusts exactly the CA certificates in {@code caPem} (the cluster CA of make_certs.sh): for
   * clients of the reverse proxy, such as the chaos harness.
   */
  public static SSLContext trusting(Path caPem) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trustOnly(certificates(caPem)), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot trust the CA in " + caPem + ": " + e, e);
    }
  }

  private static javax.net.ssl.TrustManager[] trustOnly(Collection<X509Certificate> cas)
      throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (X509Certificate ca : cas) {
      trust.setCertificateEntry("ca-" + i++, ca);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return tmf.getTrustManagers();
  }

  /** Closes a dialled socket whose handshake outlives its deadline (a per-read timeout could be renewed). */
  private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "raft-tls-deadline");
        t.setDaemon(true);
        return t;
      });

  /**
   * The server side over an accepted plain socket: TLS layered on it (so closing {@code raw}, as the authentication
   * watchdog does, ends a stuck handshake at once), demanding a client certificate of the cluster CA, handshake
   * completed here. The caller's read timeout and deadline on {@code raw} bound it.
   */
  SSLSocket accept(Socket raw) throws IOException {
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(raw, null, false);
    s.setUseClientMode(false);
    s.setNeedClientAuth(true);
    s.setEnabledProtocols(PROTOCOLS);
    s.startHandshake();
    return s;
  }

  /**
   * Wraps a connected socket as the TLS client, completes the handshake within {@link #HANDSHAKE_TIMEOUT_MS}, and
   * checks that the certificate presented is the one of {@code peerId}.
   */
  Socket connect(Socket plain, String host, int port, int peerId) throws IOException {
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
    try {
      SSLParameters params = s.getSSLParameters();
      params.setProtocols(PROTOCOLS);
      s.setSSLParameters(params);
      int timeout = plain.getSoTimeout();
      s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
      java.util.concurrent.ScheduledFuture<?> deadline = DEADLINES.schedule(() -> PeerLink.closeQuietly(plain),
          HANDSHAKE_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
      try {
        s.startHandshake();
      } finally {
        deadline.cancel(false);
      }
      s.setSoTimeout(timeout);
      int presented = peerNodeId(s);
      if (presented != peerId) {
        throw new SSLPeerUnverifiedException(host + ":" + port + " presented the certificate of node-" + presented
            + ", but node-" + peerId + " lives there");
      }
      return s;
    } catch (IOException | RuntimeException e) {
      PeerLink.closeQuietly(s);
      throw e;
    }
  }

  /**
   * The member id the peer's certificate names (CN {@code node-<id>}); completes the handshake first if needed.
   * Throws when the handshake failed or the certificate names no member.
   */
  static int peerNodeId(SSLSocket s) throws IOException {
    Certificate[] chain = s.getSession().getPeerCertificates(); // throws SSLPeerUnverifiedException if no handshake
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
      throw new SSLPeerUnverifiedException("no X.509 peer certificate");
    }
    return nodeIdOf(cert);
  }

  int selfId() {
    return selfId;
  }

  /** The id in a certificate's CN {@code node-<id>}; a certificate of anything else names no member. */
  static int nodeIdOf(X509Certificate cert) throws SSLPeerUnverifiedException {
    String dn = cert.getSubjectX500Principal().getName();
    try {
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          String cn = rdn.getValue().toString();
          if (cn.startsWith(CN_PREFIX) && cn.length() > CN_PREFIX.length() && cn.length() <= CN_PREFIX.length() + 6
              && cn.substring(CN_PREFIX.length()).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return Integer.parseInt(cn.substring(CN_PREFIX.length()));
          }
        }
      }
    } catch (InvalidNameException e) {
      throw new SSLPeerUnverifiedException("unparseable certificate subject " + dn);
    }
    throw new SSLPeerUnverifiedException("certificate " + dn + " names no member (CN=node-<id>)");
  }

  private static Collection<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    byte[] pem = Files.readAllBytes(file);
    @SuppressWarnings("unchecked")
    Collection<X509Certificate> certs = (Collection<X509Certificate>) CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem));
    return certs;
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    if (pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("BEGIN RSA PRIVATE KEY")) {
      throw new IllegalArgumentException("TLS_KEY_FILE " + file + " is not PKCS#8; convert it with `openssl pkcs8"
          + " -topk8 -nocrypt -in " + file.getFileName() + "` (scripts/make_certs.sh writes PKCS#8)");
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("TLS_KEY_FILE " + file + " holds no unencrypted PKCS#8 PEM key"
          + " (-----BEGIN PRIVATE KEY-----)");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IllegalArgumentException("TLS_KEY_FILE " + file + " is neither an EC, RSA nor Ed25519 key: " + last);
  }
}
