package multidriver.chaos.target;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import multidriver.chaos.client.Completion;
import multidriver.chaos.client.QueueClient;
import multidriver.chaos.cluster.Cluster;

/**
 * A queue-workload client of RabbitMQ through its own Java client (amqp-client), on one member: publishes with
 * publisher confirms and {@code mandatory} (an unroutable message is returned, not silently confirmed), takes with
 * {@code basic.get} and a manual ack. No automatic recovery: after any error the connection is dropped and the next
 * operation opens a new one, so every outcome is classified where it happened.
 *
 * <p>Outcomes: a confirm is {@code :ok}; a nack, a return, or no confirm within the deadline is {@code :info} (the
 * broker may still have it), except a return, which says it was routed nowhere ({@code :fail}); no connection is
 * {@code :fail}. A taken message is {@code :ok} with its element even if the ack then fails: it was seen, and
 * RabbitMQ will deliver it again (a duplicate, which at-least-once allows).
 */
final class RabbitClient implements QueueClient {
    private final ConnectionFactory factory;
    private final Map<String, Object> queueArguments;
    private final long confirmTimeoutMs;
    private Connection connection;
    private volatile Channel channel; // read by the return listener on the connection's thread
    private String declared;
    /** The element of the publish in flight, so that only its own return counts (not a dead channel's). */
    private volatile long publishing = -1;
    private volatile boolean returned;

    RabbitClient(Cluster cluster, int member, String user, String password, Map<String, Object> queueArguments,
                 long confirmTimeoutMs) {
        this.factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(cluster.publishedPort(member, RabbitTarget.AMQP_PORT));
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setConnectionTimeout(1_000);
        factory.setHandshakeTimeout(2_000);
        factory.setShutdownTimeout(0);
        factory.setChannelRpcTimeout((int) confirmTimeoutMs);
        factory.setRequestedHeartbeat(5);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        this.queueArguments = queueArguments;
        this.confirmTimeoutMs = confirmTimeoutMs;
    }

    /** An open channel in confirm mode on which {@code queue} is declared (idempotent: same arguments each time). */
    private Channel channel(String queue) throws IOException, TimeoutException {
        if (channel == null || !channel.isOpen()) {
            drop();
            connection = factory.newConnection("multi-driver-chaos");
            Channel opened = connection.createChannel();
            opened.confirmSelect();
            // A return arrives before the confirm on the same channel. One from a dropped channel's reader thread
            // must not mark the next publish on a new channel.
            opened.addReturnListener(r -> {
                if (opened == channel && Long.toString(publishing).equals(
                        new String(r.getBody(), StandardCharsets.US_ASCII))) {
                    returned = true;
                }
            });
            channel = opened;
            declared = null;
        }
        if (!queue.equals(declared)) {
            channel.queueDeclare(queue, true, false, false, queueArguments);
            declared = queue;
        }
        return channel;
    }

    @Override
    public Completion enqueue(String queue, long element) {
        Channel ch;
        try {
            ch = channel(queue);
        } catch (IOException | TimeoutException | RuntimeException e) {
            drop();
            return Completion.fail("no channel: " + e); // nothing was published
        }
        returned = false;
        publishing = element;
        try {
            ch.basicPublish("", queue, true, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                    Long.toString(element).getBytes(StandardCharsets.US_ASCII));
        } catch (AlreadyClosedException e) {
            drop();
            return Completion.fail("channel closed before the publish: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            drop();
            return Completion.info("publish: " + e); // it may have reached the broker
        }
        try {
            boolean acked = ch.waitForConfirms(confirmTimeoutMs);
            if (returned) return Completion.refused("returned: no queue took it");
            return acked ? Completion.ok(null) : Completion.info("nacked by the broker");
        } catch (TimeoutException e) {
            drop();
            return Completion.info("no confirm within " + confirmTimeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop();
            return Completion.info("interrupted waiting for the confirm");
        } catch (RuntimeException e) {
            drop();
            return Completion.info("confirm: " + e);
        }
    }

    @Override
    public Completion dequeue(String queue) {
        GetResponse got;
        try {
            got = channel(queue).basicGet(queue, false);
        } catch (IOException | TimeoutException | RuntimeException e) {
            drop(); // an unacknowledged message goes back to the queue when the channel closes
            return Completion.fail("get: " + e);
        }
        if (got == null) return Completion.ok(null);
        Long element = parse(got.getBody());
        try {
            channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        } catch (IOException | RuntimeException e) {
            drop(); // seen, and to be delivered again
        }
        return element == null ? Completion.ok("not a number: " + new String(got.getBody(), StandardCharsets.UTF_8))
                : Completion.ok(element);
    }

    private static Long parse(byte[] body) {
        try {
            return Long.parseLong(new String(body, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null; // reported as an unexpected element, verbatim
        }
    }

    private void drop() {
        Connection c = connection;
        connection = null;
        channel = null;
        declared = null;
        if (c != null) {
            try {
                c.abort(500);
            } catch (RuntimeException e) {
                // closing a broken connection: nothing more to do
            }
        }
    }

    @Override
    public void close() {
        drop();
    }
}
