package id.reklame.query.projection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.reklame.contracts.Topics;
import id.reklame.platform.admin.DeadLetterTool;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.query.ApplicationStreams;
import id.reklame.query.ApplicationStreams.Versioned;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(properties = {"spring.config.name=reklame-query", "reklame.query.projection.max-poll-records=20"})
@RealInfrastructureTest
class ProjectionFailuresTest {

    @Autowired
    TopicNames topics;
    @Autowired
    JdbcClient jdbc;
    @Value("${reklame.kafka.group-id}")
    String group;

    // a seed per test instance: every test sends applications of its own
    private final ApplicationStreams streams = new ApplicationStreams(System.nanoTime());

    @AfterEach
    void removeFaults() {
        jdbc.sql("drop trigger if exists fault on projection_offset").update();
        jdbc.sql("drop trigger if exists fault on application_view").update();
    }

    private List<List<Versioned>> send(int applications) {
        List<List<Versioned>> lives = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = ApplicationStreams.producer(
                RealInfrastructure.shared().kafkaBootstrapServers())) {
            for (int i = 0; i < applications; i++) {
                List<Versioned> life = streams.life();
                lives.add(life);
                life.forEach(v -> producer.send(ApplicationStreams.record(topics.applications(), v)));
            }
        }
        return lives;
    }

    private long version(UUID applicationId) {
        return jdbc.sql("select coalesce(max(version), 0) from application_view where application_id = ?")
                .param(applicationId).query(Long.class).single();
    }

    private long history(List<List<Versioned>> lives) {
        return jdbc.sql("select count(*) from application_history where application_id = any(?::uuid[])")
                .param(lives.stream().map(l -> l.getFirst().event().applicationId().toString()).toArray(String[]::new))
                .query(Long.class).single();
    }

    @Test
    void aFailureAfterTheViewsAreWrittenButBeforeTheCommitLeavesNoTraceAndTheBatchIsAppliedOnce() {
        // fails the first five position writes, which come after a batch's views, timeline and payments
        jdbc.sql("create sequence if not exists fault_count").update();
        jdbc.sql("""
                create or replace function fail_five_times() returns trigger language plpgsql as $$
                begin
                  if nextval('fault_count') <= 5 then raise exception 'injected failure before the commit'; end if;
                  return new;
                end $$""").update();
        jdbc.sql("create trigger fault before insert or update on projection_offset for each row execute function fail_five_times()")
                .update();

        List<List<Versioned>> lives = send(50);
        long events = lives.stream().mapToLong(List::size).sum();

        await().atMost(Duration.ofSeconds(60)).until(() -> history(lives) == events);
        assertThat(jdbc.sql("select last_value from fault_count").query(Long.class).single())
                .as("the failure was injected").isGreaterThanOrEqualTo(5);
        for (List<Versioned> life : lives) {
            assertThat(version(life.getFirst().event().applicationId())).isEqualTo(life.size());
        }
    }

    @Test
    void aDeadLetteredEventIsAppliedOnceItsCauseIsFixedAndItIsReDriven() throws Exception {
        List<Versioned> life = streams.life();
        UUID id = life.getFirst().event().applicationId();
        // the fault: the database refuses this application beyond its submission, as a bug or bad reference data would
        jdbc.sql("""
                create or replace function refuse_assessment() returns trigger language plpgsql as $$
                begin
                  if new.application_id = '%s' and new.version >= 2 then
                    raise exception 'assessment refused' using errcode = 'check_violation';
                  end if;
                  return new;
                end $$""".formatted(id)).update();
        jdbc.sql("create trigger fault before insert or update on application_view for each row execute function refuse_assessment()")
                .update();
        List<List<Versioned>> others = send(30);
        try (KafkaProducer<String, byte[]> producer = ApplicationStreams.producer(
                RealInfrastructure.shared().kafkaBootstrapServers())) {
            life.forEach(v -> producer.send(ApplicationStreams.record(topics.applications(), v)));
        }

        String deadLetters = Topics.deadLetter(topics.applications(), group);
        ConsumerRecord<String, byte[]> deadLettered;
        try (TopicProbe probe = TopicProbe.on(deadLetters)) {
            deadLettered = probe.await(1, Duration.ofSeconds(60)).getFirst();
        }
        assertThat(deadLettered.key()).isEqualTo(id.toString());
        assertThat(new String(deadLettered.headers().lastHeader("ce_sequence").value(), UTF_8)).isEqualTo("2");
        // the later events wait behind the missing one; nothing else is held up
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "select count(*) from projection_gap where application_id = ?").param(id).query(Long.class).single()
                == life.size() - 2);
        long othersEvents = others.stream().mapToLong(List::size).sum();
        await().atMost(Duration.ofSeconds(60)).until(() -> history(others) == othersEvents);
        assertThat(version(id)).isEqualTo(1);

        jdbc.sql("drop trigger fault on application_view").update();
        var out = new ByteArrayOutputStream();
        int status = DeadLetterTool.run(List.of("redrive", "--group", group, "--all",
                "--bootstrap-servers=" + RealInfrastructure.shared().kafkaBootstrapServers()),
                new PrintStream(out, true, UTF_8), System.err);

        assertThat(status).isZero();
        assertThat(out.toString(UTF_8)).contains("re-drove 1 record(s)");
        await().atMost(Duration.ofSeconds(60)).until(() -> version(id) == life.size());
        assertThat(jdbc.sql("select count(*) from projection_gap").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select version from application_history where application_id = ? order by version")
                .param(id).query(Long.class).list()).containsExactly(
                life.stream().map(Versioned::version).toArray(Long[]::new));
    }
}
