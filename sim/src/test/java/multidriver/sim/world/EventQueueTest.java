package multidriver.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EventQueueTest {
    @Test
    void eventsComeOutByTimeThenByInsertionOrder() {
        EventQueue queue = new EventQueue(100);
        queue.schedule(20, new SimEvent.ClientWake(1));
        queue.schedule(10, new SimEvent.ClientWake(2));
        queue.schedule(20, new SimEvent.ClientWake(3));
        queue.schedule(10, new SimEvent.ClientWake(4));
        assertEquals(new SimEvent.ClientWake(2), queue.poll().event());
        assertEquals(new SimEvent.ClientWake(4), queue.poll().event());
        assertEquals(new SimEvent.ClientWake(1), queue.poll().event());
        assertEquals(new SimEvent.ClientWake(3), queue.poll().event());
        assertNull(queue.poll());
    }

    @Test
    void aRunawayScheduleFailsLoudlyInsteadOfGrowingWithoutBound() {
        EventQueue queue = new EventQueue(2);
        queue.schedule(1, new SimEvent.Heal());
        queue.schedule(1, new SimEvent.Heal());
        assertThrows(IllegalStateException.class, () -> queue.schedule(1, new SimEvent.Heal()));
    }
}
