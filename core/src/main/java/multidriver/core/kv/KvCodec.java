package multidriver.core.kv;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayInputStream;

/** Binary form of a {@link KvCommand} as it travels in a log entry. Pure: in-memory streams only. */
public final class KvCodec {
    private static final byte GET = 1;
    private static final byte PUT = 2;
    private static final byte CAS = 3;
    private static final byte DELETE = 4;
    private static final byte REGISTER = 5;

    private KvCodec() {
    }

    public static byte[] encode(KvCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + command.key().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(tag(command));
            out.writeLong(command.clientId().value());
            out.writeLong(command.seq());
            out.writeUTF(command.key());
            if (command instanceof KvCommand.Put put) {
                writeString(out, put.value());
            } else if (command instanceof KvCommand.Cas cas) {
                writeNullable(out, cas.expected());
                writeString(out, cas.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static KvCommand decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte tag = in.readByte();
            ClientId client = new ClientId(in.readLong());
            long seq = in.readLong();
            String key = in.readUTF();
            return switch (tag) {
                case GET -> new KvCommand.Get(client, seq, key);
                case PUT -> new KvCommand.Put(client, seq, key, readString(in));
                case CAS -> new KvCommand.Cas(client, seq, key, readNullable(in), readString(in));
                case DELETE -> new KvCommand.Delete(client, seq, key);
                case REGISTER -> new KvCommand.Register();
                default -> throw new IllegalArgumentException("unknown kv command tag " + tag);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed kv command (" + data.length + " bytes)", e);
        }
    }

    private static byte tag(KvCommand command) {
        if (command instanceof KvCommand.Get) return GET;
        if (command instanceof KvCommand.Put) return PUT;
        if (command instanceof KvCommand.Cas) return CAS;
        if (command instanceof KvCommand.Register) return REGISTER;
        return DELETE;
    }

    // writeUTF is limited to 64 KiB; values may be larger, so they are length-prefixed UTF-8.
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) throw new IOException("negative string length " + length);
        byte[] utf8 = in.readNBytes(length);
        if (utf8.length != length) throw new IOException("string cut short: " + utf8.length + " of " + length + " bytes");
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) writeString(out, s);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }
}
