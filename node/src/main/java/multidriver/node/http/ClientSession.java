package multidriver.node.http;

import multidriver.core.kv.ClientId;

/**
 * Exactly-once identity of a request (thesis §6.3) from the optional headers {@code X-Client-Id} and
 * {@code X-Request-Seq}. The client id is one the cluster issued: {@code POST /sessions} registers a session through
 * the log and answers its id. Sequence numbers start at 1 per session and grow with each new command; a retry reuses
 * its number (and must be the same request). Without the headers the request has no session ({@code seq == 0}) and a
 * retry may apply twice.
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
    String id = clientHeader.trim();
    if (!id.matches("\\d{1,18}") || Long.parseLong(id) < 1) {
      throw new IllegalArgumentException(CLIENT_HEADER + " must be a client id issued by POST /sessions, got '"
          + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'");
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
    return new ClientSession(new ClientId(Long.parseLong(id)), seq);
  }
}
