package id.reklame.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (broker + controller) running in this JVM, bound to 127.0.0.1 only.
 * <p>
 * It runs Kafka's own {@link KafkaRaftServer}, the class {@code kafka-server-start.sh} runs, instead of
 * spring-kafka-test's {@code EmbeddedKafkaKraftBroker}: the latter's test kit pre-binds its sockets on the
 * wildcard address, so its {@code listeners} setting cannot keep it off the network.
 */
final class LoopbackKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoopbackKafka.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final KafkaRaftServer server;
    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;

    private LoopbackKafka(KafkaRaftServer server, Path logDir, int brokerPort, int controllerPort) {
        this.server = server;
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    String bootstrapServers() {
        return LOOPBACK + ":" + brokerPort;
    }

    /** Starts the broker; retries with new ports because a port found free may be taken before Kafka binds it. */
    static LoopbackKafka start(Path workDir) throws Exception {
        Exception last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path logDir = Files.createDirectories(workDir).resolve("kafka-" + Uuid.randomUuid());
            try {
                return startOnce(logDir, freeLoopbackPort(), freeLoopbackPort(), true);
            } catch (Exception e) {
                last = e;
                log.warn("Kafka start attempt {} failed: {}", attempt, e.toString());
                Utils.delete(logDir.toFile());
            }
        }
        throw last;
    }

    /** The same broker again after {@link #shutdown()}: its data, its ports. */
    LoopbackKafka restart() throws Exception {
        return startOnce(logDir, brokerPort, controllerPort, false);
    }

    private static LoopbackKafka startOnce(Path logDir, int brokerPort, int controllerPort, boolean format) throws Exception {
        // a broker hitting a fatal error must not System.exit() the test JVM
        Exit.setExitProcedure((code, message) -> log.error("Kafka asked to exit({}): {}", code, message));
        Exit.setHaltProcedure((code, message) -> log.error("Kafka asked to halt({}): {}", code, message));
        String bootstrap = LOOPBACK + ":" + brokerPort;
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("listeners", "PLAINTEXT://" + bootstrap + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + bootstrap),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort),
                Map.entry("log.dirs", logDir.toString()),
                // one node: every internal topic has one replica, and fewer partitions start faster
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.num.partitions", "4"),
                // consumers join at once instead of waiting 3 s for more members
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // as in every deploy: services declare the topics they use, nothing appears by accident
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "12")));
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        if (format) {
            format(logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw e;
        }
        return new LoopbackKafka(server, logDir, brokerPort, controllerPort);
    }

    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setControllerListenerName("CONTROLLER")
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .run();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    /** Stops the broker and keeps its data, for {@link #restart()}. */
    void shutdown() {
        server.shutdown();
        server.awaitShutdown();
    }

    void deleteData() throws IOException {
        Utils.delete(logDir.toFile());
    }

    @Override
    public void close() throws IOException {
        shutdown();
        deleteData();
    }
}
