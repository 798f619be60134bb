package multidriver.core.kv;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Binary form of a {@link KvCommand} as it travels in a log entry: {@code [tag][clientId][seq][key]} then, for put,
 * the value, for cas a presence byte, the expected value and the value, and last the owner. File commands have tags
 * 6 to 10 ({@link FileCodec}). Strings are
 * {@code [int length][UTF-8]}. An entry written before owners existed ends without one and decodes as owner
 * {@code ""}. Pure: no I/O.
 *
 * <p>Decoding trusts nothing: an unknown tag, a length beyond the bytes present, invalid UTF-8 or trailing bytes raise
 * {@link IllegalArgumentException}, and nothing larger than the input is ever allocated.
 */
public final class KvCodec {
    private static final byte GET = 1;
    private static final byte PUT = 2;
    private static final byte CAS = 3;
    private static final byte DELETE = 4;
    private static final byte REGISTER = 5;

    private KvCodec() {
    }

    public static byte[] encode(KvCommand command) {
        if (command instanceof FileCommand f) return FileCodec.encode(f);
        byte[] key = utf8(command.key());
        byte[] value = null;
        byte[] expected = null;
        byte[] owner = utf8(command.owner());
        int size = 1 + 8 + 8 + 4 + key.length + (owner.length == 0 ? 0 : 4 + owner.length);
        if (command instanceof KvCommand.Put put) {
            value = utf8(put.value());
            size += 4 + value.length;
        } else if (command instanceof KvCommand.Cas cas) {
            expected = cas.expected() == null ? null : utf8(cas.expected());
            value = utf8(cas.value());
            size += 1 + (expected == null ? 0 : 4 + expected.length) + 4 + value.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(tag(command)).putLong(command.clientId().value()).putLong(command.seq());
        out.putInt(key.length).put(key);
        if (command instanceof KvCommand.Cas) {
            out.put((byte) (expected == null ? 0 : 1));
            if (expected != null) out.putInt(expected.length).put(expected);
        }
        if (value != null) out.putInt(value.length).put(value);
        if (owner.length > 0) out.putInt(owner.length).put(owner);
        return out.array();
    }

    public static KvCommand decode(byte[] data) {
        if (data.length > 0 && FileCodec.isFileTag(data[0])) return FileCodec.decode(data);
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            byte tag = in.get();
            ClientId client = new ClientId(in.getLong());
            long seq = in.getLong();
            String key = string(in);
            KvCommand command = switch (tag) {
                case GET -> new KvCommand.Get(client, seq, key, owner(in));
                case PUT -> {
                    String value = string(in);
                    yield new KvCommand.Put(client, seq, key, value, owner(in));
                }
                case CAS -> {
                    byte present = in.get();
                    if (present != 0 && present != 1) throw new IllegalArgumentException("bad presence byte " + present);
                    String expected = present == 1 ? string(in) : null;
                    String value = string(in);
                    yield new KvCommand.Cas(client, seq, key, expected, value, owner(in));
                }
                case DELETE -> new KvCommand.Delete(client, seq, key, owner(in));
                case REGISTER -> new KvCommand.Register(owner(in));
                default -> throw new IllegalArgumentException("unknown kv command tag " + tag);
            };
            if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " trailing bytes");
            return command;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("malformed kv command: cut short (" + data.length + " bytes)");
        }
    }

    private static byte tag(KvCommand command) {
        if (command instanceof KvCommand.Get) return GET;
        if (command instanceof KvCommand.Put) return PUT;
        if (command instanceof KvCommand.Cas) return CAS;
        if (command instanceof KvCommand.Register) return REGISTER;
        return DELETE;
    }

    /**
     * Decodes strict UTF-8: malformed or unmappable bytes raise {@link IllegalArgumentException}, never a silent
     * U+FFFD. Used for values arriving over HTTP and for strings inside log entries alike.
     */
    public static String strictUtf8(byte[] bytes) {
        return strictUtf8(ByteBuffer.wrap(bytes));
    }

    private static String strictUtf8(ByteBuffer bytes) {
        boolean ascii = true;
        for (int i = bytes.position(); i < bytes.limit() && ascii; i++) ascii = bytes.get(i) >= 0;
        if (ascii && bytes.hasArray()) {
            return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
                    StandardCharsets.US_ASCII);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8");
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The trailing owner; absent (an entry from before owners, or an anonymous client) means {@code ""}. */
    private static String owner(ByteBuffer in) {
        if (!in.hasRemaining()) return "";
        String owner = string(in);
        if (owner.isEmpty()) throw new IllegalArgumentException("malformed kv command: empty owner is written as none");
        return owner;
    }

    static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("malformed kv command: string of " + length + " bytes, " + in.remaining()
                    + " left");
        }
        int start = in.position();
        in.position(start + length);
        ByteBuffer slice = in.duplicate();
        slice.position(start).limit(start + length);
        try {
            return strictUtf8(slice);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed kv command: invalid UTF-8");
        }
    }
}
