package id.reklame.platform.admin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.Topics;
import id.reklame.platform.kafka.DeadLetters;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.TopicProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaUtils;

/** The dead-letter tool on a consumer group it knows nothing about, against a real broker. */
class DeadLetterToolTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.shared();
    private final String suffix = infrastructure.uniqueSuffix("dlt");
    private final String source = "billing.invoices." + suffix;
    // a group id with dots: the tool must not guess the group from a topic name
    private final String group = suffix + ".billing-service";
    private final String deadLetters = Topics.deadLetter(source, group);
    private final List<String> refs = new ArrayList<>();

    @BeforeEach
    void threeDeadLetteredRecords() throws Exception {
        infrastructure.createTopics(2, source, deadLetters);
        var template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer()));
        KafkaUtils.setConsumerGroupId(group);
        try {
            for (int i = 0; i < 3; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_id", ("event-" + i).getBytes(UTF_8));
                headers.add("ce_type", "id.reklame.invoice.issued.v1".getBytes(UTF_8));
                var failed = new ConsumerRecord<>(source, 0, 40 + i, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                        -1, -1, "invoice-" + i, ("{\"n\":" + i + "}").getBytes(UTF_8), headers, java.util.Optional.empty());
                DeadLetters.recoverer(template).accept(failed, null, new IllegalStateException("tariff missing for " + i));
            }
        } finally {
            KafkaUtils.clearConsumerGroupId();
            template.destroy();
        }
        try (TopicProbe probe = TopicProbe.on(deadLetters)) {
            probe.await(3, Duration.ofSeconds(10)).stream()
                    .sorted(java.util.Comparator.comparing((ConsumerRecord<String, byte[]> r) -> r.key()))
                    .forEach(r -> refs.add(deadLetters + ":" + r.partition() + "@" + r.offset()));
        }
    }

    private record Run(int status, String out, String err) {
    }

    private Run tool(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--bootstrap-servers=" + infrastructure.kafkaBootstrapServers());
        int status = DeadLetterTool.run(all, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    @Test
    void listsAGroupsDeadLettersWithTheirCause() {
        Run list = tool("list", "--group", group, "--records");

        assertThat(list.status()).isZero();
        assertThat(list.out()).contains(deadLetters + ": 3 pending, 3 in all (source " + source + ")");
        refs.forEach(ref -> assertThat(list.out()).contains(ref));
        assertThat(list.out()).contains("key=invoice-0", "id.reklame.invoice.issued.v1", "ce_id=event-2",
                "cause: ", "tariff missing for 1");
    }

    @Test
    void showsARecordsHeadersCauseAndValue() {
        Run show = tool("show", refs.get(1));

        assertThat(show.status()).isZero();
        assertThat(show.out()).contains("key: invoice-1", "ce_id: event-1", "kafka_dlt-original-topic: " + source,
                "kafka_dlt-original-offset: 41", "kafka_dlt-exception-message: tariff missing for 1",
                "value: {\"n\":1}");
    }

    @Test
    void reDrivenRecordsGoBackToTheirSourceWithTheirKeyAndHeadersAndAreMarked() {
        Run one = tool("redrive", "--group", group, refs.get(0));
        assertThat(one.status()).as(one.err()).isZero();
        try (TopicProbe probe = TopicProbe.on(source)) {
            ConsumerRecord<String, byte[]> back = probe.await(1, Duration.ofSeconds(10)).getFirst();
            assertThat(back.key()).isEqualTo("invoice-0");
            assertThat(new String(back.value(), UTF_8)).isEqualTo("{\"n\":0}");
            assertThat(new String(back.headers().lastHeader("ce_id").value(), UTF_8)).isEqualTo("event-0");
            assertThat(new String(back.headers().lastHeader("ce_type").value(), UTF_8))
                    .isEqualTo("id.reklame.invoice.issued.v1");
            assertThat(back.headers().toArray()).extracting(Header::key).noneMatch(k -> k.startsWith("kafka_dlt-"));
        }

        Run dryRun = tool("redrive", "--group", group, "--all", "--dry-run");
        assertThat(dryRun.out()).contains("would re-drive 2 record(s)");

        Run rest = tool("redrive", "--group", group, "--all");
        assertThat(rest.status()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("re-drove 2 record(s)").doesNotContain(refs.get(0) + " to");
        try (TopicProbe probe = TopicProbe.on(source)) {
            assertThat(probe.await(3, Duration.ofSeconds(10))).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("invoice-0", "invoice-1", "invoice-2");
            assertThat(probe.settle(Duration.ofMillis(500))).hasSize(3);
        }
        assertThat(tool("list", "--group", group).out()).contains(deadLetters + ": 0 pending, 3 in all");
        assertThat(tool("list", "--group", group, "--all-records").out()).contains(refs.get(2) + "  ").contains("[re-driven]");
    }

    @Test
    void aRecordWhoseValueWasLeftOutIsNotReDrivenAndStaysPending() throws Exception {
        var template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer()));
        try {
            var letter = new org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>(deadLetters, 1, "invoice-9", null);
            letter.headers().add(DeadLetters.VALUE_LEFT_OUT, ("too large to dead-letter: 1047000 bytes, at " + source + "-1@7")
                    .getBytes(UTF_8));
            template.send(letter).get(10, TimeUnit.SECONDS);
        } finally {
            template.destroy();
        }

        Run all = tool("redrive", "--group", group, "--all");

        assertThat(all.status()).isEqualTo(1);
        assertThat(all.out()).contains("re-drove 3 record(s); 1 left pending: their value was not kept");
        assertThat(all.err()).contains(deadLetters + ":1@", "not re-driven, its value was left out", source + "-1@7");
        try (TopicProbe probe = TopicProbe.on(source)) {
            assertThat(probe.await(3, Duration.ofSeconds(10))).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("invoice-0", "invoice-1", "invoice-2");
            assertThat(probe.settle(Duration.ofMillis(500))).as("no empty record sent in its place").hasSize(3);
        }
        assertThat(tool("list", "--group", group).out()).contains(deadLetters + ": 1 pending, 4 in all");
    }

    @Test
    void badArgumentsAreRefusedWithUsage() {
        assertThat(tool("redrive", "--all").status()).isEqualTo(2);
        assertThat(tool("redrive", "--group", group).status()).isEqualTo(2);
        assertThat(tool("redrive", "--group", "other", refs.get(0)).status()).isEqualTo(2);
        Run unknown = tool("purge");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("usage: dead-letters");
    }

    @Test
    void anyServiceArtefactRunsTheToolInsteadOfStartingTheService() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AnyService.class.getName(), "dead-letters", "list", "--group", group,
                "--bootstrap-servers", infrastructure.kafkaBootstrapServers())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains(deadLetters + ": 3 pending").doesNotContain(AnyService.STARTED);
    }

    /** A service's main class as every service has one. */
    @org.springframework.boot.SpringBootConfiguration
    static class AnyService {

        static final String STARTED = "the service started";

        public static void main(String[] args) {
            new org.springframework.boot.SpringApplication(AnyService.class).run(args);
            System.out.println(STARTED);
        }
    }
}
