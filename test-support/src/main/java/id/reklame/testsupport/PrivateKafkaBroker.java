package id.reklame.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A Kafka broker of one test's own, in this JVM on 127.0.0.1, that the test may {@link #stop()} and
 * {@link #restart()} (same port, same data) to see how its code lives through an outage, without
 * disturbing the broker the other tests share ({@link RealInfrastructure#shared()}).
 * <pre>{@code
 * try (PrivateKafkaBroker broker = PrivateKafkaBroker.start()) {
 *     broker.createTopics(12, "events");
 *     ... broker.bootstrapServers() ...
 *     broker.stop();      // clients now see a broker that is down
 *     broker.restart();   // and back, with every record it had
 * }
 * }</pre>
 * Always embedded, also where Docker runs: restarting a container would change its mapped port.
 */
public final class PrivateKafkaBroker implements AutoCloseable {

    private LoopbackKafka kafka;
    private boolean running;

    private PrivateKafkaBroker(LoopbackKafka kafka) {
        this.kafka = kafka;
        this.running = true;
    }

    /** Starts a new, empty broker; its data lives in the module's {@code target/} and is deleted by {@link #close()}. */
    public static PrivateKafkaBroker start() {
        try {
            return new PrivateKafkaBroker(LoopbackKafka.start(EmbeddedServers.workDir()));
        } catch (Exception e) {
            throw new IllegalStateException("could not start a private Kafka broker", e);
        }
    }

    /** "127.0.0.1:port", the same across {@link #stop()} and {@link #restart()}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Creates the topics (one replica each) unless they exist, and returns once every partition takes writes. */
    public void createTopics(int partitions, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (var created : admin.createTopics(Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1))
                    .toList()).values().values()) {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topics " + Arrays.toString(topics), e.getCause());
                    }
                }
            }
            TopicReadiness.await(admin, Set.of(topics), Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Shuts the broker down (a controlled shutdown); its clients see it gone until {@link #restart()}. */
    public synchronized void stop() {
        if (running) {
            kafka.shutdown();
            running = false;
        }
    }

    /** Starts the stopped broker again on the same port, with the same topics and records. */
    public synchronized void restart() {
        if (running) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                kafka = kafka.restart();
                running = true;
                return;
            } catch (Exception e) {
                // the port may still be held for a moment by the connections of the stopped broker
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not restart the private Kafka broker", e);
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        try {
            if (running) {
                kafka.close();
            } else {
                kafka.deleteData();
            }
            running = false;
        } catch (IOException e) {
            throw new IllegalStateException("could not delete the private broker's data", e);
        }
    }
}
