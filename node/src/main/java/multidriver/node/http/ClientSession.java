package multidriver.node.http;

import java.nio.charset.StandardCharsets;
import multidriver.core.kv.ClientId;

/**
 * Exactly-once identity of a request (thesis §6.3) from the optional headers {@code X-Client-Id} and
 * {@code X-Request-Seq}. A numeric client id is used as is; any other text is hashed (FNV-1a, 64 bit) so that
 * clients may use UUIDs. Sequence numbers start at 1 per client and grow by one per new command; a retry reuses
 * its number. Without the headers the request has no session ({@code seq == 0}) and a retry may apply twice.
 */
record ClientSession(ClientId clientId, long seq) {
  static final ClientSession NONE = new ClientSession(new ClientId(0), 0);
  static final String CLIENT_HEADER = "X-Client-Id";
  static final String SEQ_HEADER = "X-Request-Seq";

  /** Parses the headers; throws {@link IllegalArgumentException} with a client-facing message when malformed. */
  static ClientSession parse(String clientHeader, String seqHeader) {
    boolean hasClient = clientHeader != null && !clientHeader.isBlank();
    boolean hasSeq = seqHeader != null && !seqHeader.isBlank();
    if (!hasClient && !hasSeq) {
      return NONE;
    }
    if (hasClient != hasSeq) {
      throw new IllegalArgumentException(CLIENT_HEADER + " and " + SEQ_HEADER + " must be sent together");
    }
    if (clientHeader.length() > 128) {
      throw new IllegalArgumentException(CLIENT_HEADER + " longer than 128 characters");
    }
    long seq;
    try {
      seq = Long.parseLong(seqHeader.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SEQ_HEADER + " must be an integer, got '" + seqHeader + "'");
    }
    if (seq < 1) {
      throw new IllegalArgumentException(SEQ_HEADER + " must be >= 1, got " + seq);
    }
    return new ClientSession(new ClientId(clientIdValue(clientHeader.trim())), seq);
  }

  private static long clientIdValue(String text) {
    if (text.matches("-?\\d{1,18}")) {
      return Long.parseLong(text);
    }
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
