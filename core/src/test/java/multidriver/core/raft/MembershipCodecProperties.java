package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** A configuration survives its encoding; any bytes decode to a configuration or a clear refusal, never worse. */
class MembershipCodecProperties {
    @Property(tries = 500)
    void roundTrips(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 40) Integer> ids,
                    @ForAll @Size(max = 12) List<Boolean> learners) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            if (members.stream().anyMatch(m -> m.id().value() == id)) continue;
            boolean learner = i < learners.size() && learners.get(i);
            members.add(new Member(NodeId.of(id), learner, learner ? "" : "node-" + id + ":29001,node-" + id + ":9081"));
        }
        Membership m = new Membership(members);
        assertEquals(m, MembershipCodec.decode(MembershipCodec.encode(m)));
    }

    @Property(tries = 2000)
    void arbitraryBytesAreDecodedOrRefusedClearly(@ForAll @Size(max = 64) byte[] bytes) {
        try {
            MembershipCodec.decode(bytes);
        } catch (IllegalArgumentException expected) {
            // the only way to refuse
        }
    }

    @Property(tries = 1000)
    void aDamagedEncodingIsRefusedOrDecodesToAConfiguration(@ForAll @IntRange(min = 0, max = 60) int position,
                                                            @ForAll byte value) {
        byte[] bytes = MembershipCodec.encode(new Membership(List.of(Member.voter(NodeId.of(1)),
                new Member(NodeId.of(2), true, "a:1"))));
        bytes[position % bytes.length] = value;
        try {
            MembershipCodec.decode(bytes);
        } catch (IllegalArgumentException expected) {
            // refused with a message
        }
    }
}
