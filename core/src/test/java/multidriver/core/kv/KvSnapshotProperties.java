package multidriver.core.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** A key-value snapshot restores exactly the state it was taken of, sessions included; damaged bytes are refused. */
class KvSnapshotProperties {
    private static KvStateMachine history(List<Integer> ops) {
        KvStateMachine kv = new KvStateMachine(8, 50);
        long index = 0;
        long seq = 0;
        for (int op : ops) {
            int kind = Math.floorMod(op, 10);
            long upload = 1 + Math.floorMod(op / 10, 3);
            byte[] data = switch (kind) {
                case 0 -> KvCodec.encode(new KvCommand.Register("o" + Math.floorMod(op, 3)));
                case 1 -> KvCodec.encode(new KvCommand.Put(new ClientId(1 + Math.floorMod(op, 7)), ++seq, "k" + op % 4,
                        "v" + op, "o" + Math.floorMod(op, 3)));
                case 2 -> KvCodec.encode(new KvCommand.Delete(new ClientId(0), 0, "k" + op % 4));
                case 3 -> KvCodec.encode(new KvCommand.Cas(new ClientId(0), 0, "k" + op % 4, null, "c" + op));
                case 5 -> KvCodec.encode(new FileCommand.Begin(upload, "f" + Math.floorMod(op, 2), ""));
                case 6 -> KvCodec.encode(new FileCommand.Chunk(upload, 0, new byte[]{1, 2, 3}, ""));
                case 7 -> KvCodec.encode(new FileCommand.Commit(upload, 3, "ab", op, ""));
                case 8 -> KvCodec.encode(Math.floorMod(op, 20) < 10 ? new FileCommand.Abort(upload, "")
                        : new FileCommand.Delete("f" + Math.floorMod(op, 2), ""));
                default -> new byte[0];
            };
            index++;
            kv.apply(index, 1 + index / 25, data); // a new term now and then aborts the uploads in progress
        }
        return kv;
    }

    @Property(tries = 500)
    void aRestoredSnapshotIsTheSameStateAndBehavesTheSame(@ForAll @Size(max = 80) List<Integer> ops,
            @ForAll @Size(max = 20) List<Integer> more) {
        KvStateMachine original = history(ops);
        KvStateMachine restored = KvStateMachine.restore(original.snapshot());
        assertArrayEquals(original.snapshot(), restored.snapshot());
        assertEquals(original.contents(), restored.contents());
        assertEquals(original.appliedIndex(), restored.appliedIndex());
        assertEquals(original.sessionCount(), restored.sessionCount());
        long index = original.appliedIndex();
        for (int op : more) { // both answer the same later commands, retries and session checks included
            byte[] data = KvCodec.encode(new KvCommand.Put(new ClientId(1 + Math.floorMod(op, 7)), 1 + Math.floorMod(op, 3),
                    "k" + op % 4, "v", "o" + Math.floorMod(op, 3)));
            index++;
            assertEquals(original.apply(index, data), restored.apply(index, data));
        }
    }

    @Property(tries = 1000)
    void damagedSnapshotsAreRefusedCleanly(@ForAll @Size(max = 40) List<Integer> ops,
            @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll byte flip, @ForAll boolean cut) {
        byte[] bytes = history(ops).snapshot();
        if (cut) {
            bytes = java.util.Arrays.copyOf(bytes, position % bytes.length);
        } else {
            bytes[position % bytes.length] ^= (flip == 0 ? 1 : flip);
        }
        try {
            KvStateMachine.restore(bytes);
        } catch (IllegalArgumentException refused) {
            // a clean refusal (a flip inside a value may also give another valid state)
        }
    }
}
