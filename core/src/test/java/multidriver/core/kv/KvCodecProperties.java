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

    @Provide
    Arbitrary<KvCommand> commands() {
        Arbitrary<ClientId> clients = Arbitraries.longs().map(ClientId::new);
        Arbitrary<Long> seqs = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<String> strings = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> nullable = strings.injectNull(0.3);
        return Arbitraries.oneOf(
                Combinators.combine(clients, seqs, strings).as(KvCommand.Get::new),
                Combinators.combine(clients, seqs, strings, strings).as(KvCommand.Put::new),
                Combinators.combine(clients, seqs, strings, nullable, strings).as(KvCommand.Cas::new),
                Combinators.combine(clients, seqs, strings).as(KvCommand.Delete::new));
    }
}
