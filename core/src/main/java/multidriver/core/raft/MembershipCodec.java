package multidriver.core.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a configuration entry and of a snapshot's configuration: {@code [version=1][count:int]} then per member
 * {@code [id:int][learner:byte][addressLength:short][address UTF-8]}. Decoding trusts no count or length: every one is
 * checked against the bytes present and the bounds of {@link Membership} and {@link Member}.
 */
public final class MembershipCodec {
    private static final byte VERSION = 1;

    private MembershipCodec() {
    }

    public static byte[] encode(Membership membership) {
        List<byte[]> addresses = new ArrayList<>();
        int size = 1 + 4;
        for (Member m : membership.members()) {
            byte[] a = m.address().getBytes(StandardCharsets.UTF_8);
            addresses.add(a);
            size += 4 + 1 + 2 + a.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).putInt(membership.members().size());
        for (int i = 0; i < membership.members().size(); i++) {
            Member m = membership.members().get(i);
            out.putInt(m.id().value()).put((byte) (m.learner() ? 1 : 0)).putShort((short) addresses.get(i).length)
                    .put(addresses.get(i));
        }
        return out.array();
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code bytes} */
    public static Membership decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        need(in, 5, "header");
        byte version = in.get();
        if (version != VERSION) throw new IllegalArgumentException("configuration version " + version + ", expected 1");
        int count = in.getInt();
        if (count < 0 || count > RaftNode.MAX_CLUSTER_SIZE) {
            throw new IllegalArgumentException("configuration claims " + count + " members");
        }
        List<Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            need(in, 7, "member " + i);
            int id = in.getInt();
            byte learner = in.get();
            if (learner != 0 && learner != 1) throw new IllegalArgumentException("member " + i + ": learner flag " + learner);
            int length = Short.toUnsignedInt(in.getShort());
            if (length > Member.MAX_ADDRESS_BYTES) {
                throw new IllegalArgumentException("member " + i + ": address of " + length + " bytes");
            }
            need(in, length, "address of member " + i);
            byte[] address = new byte[length];
            in.get(address);
            if (id < 0) throw new IllegalArgumentException("member " + i + ": id " + id);
            members.add(new Member(NodeId.of(id), learner == 1, new String(address, StandardCharsets.UTF_8)));
        }
        if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " bytes after the configuration");
        return new Membership(members);
    }

    private static void need(ByteBuffer in, int bytes, String what) {
        if (in.remaining() < bytes) {
            throw new IllegalArgumentException("configuration truncated in " + what + " (" + in.remaining() + " of "
                    + bytes + " bytes)");
        }
    }
}
