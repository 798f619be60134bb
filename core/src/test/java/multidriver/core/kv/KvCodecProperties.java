package multidriver.core.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A command survives its trip through a log entry unchanged. */
class KvCodecProperties {

    @Property(tries = 300)
    void everyCommandRoundTrips(@ForAll("commands") KvCommand command) {
        assertEquals(command, KvCodec.decode(KvCodec.encode(command)));
    }

    @Example
    void valuesLargerThan64KiBRoundTrip() {
        String big = "v".repeat(200_000);
        KvCommand put = new KvCommand.Put(new ClientId(1), 1, "k", big);
        assertEquals(put, KvCodec.decode(KvCodec.encode(put)));
    }

    @Example
    void garbageIsRejectedWithAClearError() {
        assertThrows(IllegalArgumentException.class, () -> KvCodec.decode(new byte[]{9, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> KvCodec.decode(new byte[]{42}));
    }

    /** Fuzz: random bytes decode to a command or fail with IllegalArgumentException; nothing else escapes. */
    @Property(tries = 2000)
    void randomBytesGiveACleanErrorOrACommand(@ForAll @net.jqwik.api.constraints.Size(max = 120) byte[] bytes) {
        decodeOrCleanError(bytes);
    }

    /** Fuzz: encodings with bytes flipped, as a corrupt or forged entry would carry them. */
    @Property(tries = 2000)
    void mutatedEncodingsGiveACleanErrorOrACommand(@ForAll("commands") KvCommand command, @ForAll long seed) {
        byte[] bytes = KvCodec.encode(command);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        decodeOrCleanError(bytes);
    }

    /** An entry that is not a command is applied as an error result, the same on every replica; nothing crashes. */
    @Property(tries = 500)
    void anUndecodableEntryIsAppliedAsAnErrorAndChangesNothing(@ForAll @net.jqwik.api.constraints.Size(min = 1, max = 60)
                                                                byte[] garbage) {
        KvStateMachine one = KvStateMachine.withDefaults();
        KvStateMachine two = KvStateMachine.withDefaults();
        KvResult a = one.apply(1, garbage);
        assertEquals(a, two.apply(1, garbage));
        boolean decodes;
        try {
            KvCodec.decode(garbage);
            decodes = true;
        } catch (IllegalArgumentException e) {
            decodes = false;
        }
        if (!decodes) {
            assertEquals(KvResult.Status.INVALID, a.status());
            assertEquals(0, one.contents().size());
        }
    }

    @Example
    void invalidUtf8IsRefusedNotReplacedSilently() {
        byte[] bytes = KvCodec.encode(new KvCommand.Put(new ClientId(1), 0, "k", "ab"));
        bytes[bytes.length - 1] = (byte) 0xC3; // a lone lead byte
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KvCodec.decode(bytes));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    private static void decodeOrCleanError(byte[] bytes) {
        try {
            KvCommand c = KvCodec.decode(bytes);
            assertEquals(c, KvCodec.decode(KvCodec.encode(c)));
        } catch (IllegalArgumentException expected) {
            // a clean refusal
        }
    }

    @Provide
    Arbitrary<KvCommand> commands() {
        Arbitrary<ClientId> clients = Arbitraries.longs().map(ClientId::new);
        Arbitrary<Long> seqs = Arbitraries.longs().greaterOrEqual(0);
        // Valid strings only (no lone surrogates): what the HTTP layer hands over after decoding UTF-8.
        Arbitrary<String> strings = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(40);
        Arbitrary<String> nullable = strings.injectNull(0.3);
        Arbitrary<String> owners = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().alpha().numeric().withChars('-', '.').ofMinLength(1).ofMaxLength(64));
        return Arbitraries.oneOf(
                Combinators.combine(clients, seqs, strings, owners).as(KvCommand.Get::new),
                Combinators.combine(clients, seqs, strings, strings, owners).as(KvCommand.Put::new),
                Combinators.combine(clients, seqs, strings, nullable, strings, owners).as(KvCommand.Cas::new),
                Combinators.combine(clients, seqs, strings, owners).as(KvCommand.Delete::new),
                owners.map(KvCommand.Register::new),
                fileCommands(strings, owners));
    }

    private static Arbitrary<KvCommand> fileCommands(Arbitrary<String> strings, Arbitrary<String> owners) {
        Arbitrary<Long> ids = Arbitraries.longs();
        Arbitrary<Long> sizes = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<byte[]> chunks = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(
                Combinators.combine(ids, strings, owners).as(FileCommand.Begin::new),
                Combinators.combine(ids, sizes, chunks, owners).as(FileCommand.Chunk::new),
                Combinators.combine(ids, sizes, strings, Arbitraries.longs(), owners).as(FileCommand.Commit::new),
                Combinators.combine(ids, owners).as(FileCommand.Abort::new),
                Combinators.combine(strings, owners).as(FileCommand.Delete::new));
    }
}
