package id.reklame.command.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.command.CommandApplication;
import id.reklame.command.support.CommandApi;
import id.reklame.command.support.Published;
import id.reklame.testsupport.Database;
import id.reklame.testsupport.PrivateKafkaBroker;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.TopicProbe;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The broker goes away and comes back: commands keep being accepted, the relay backs off, and once the
 * broker returns every event arrives, each application's in order. The service runs against a broker of
 * this test's own, so stopping it disturbs no other test.
 */
class BrokerOutageTest {

    private static PrivateKafkaBroker broker;
    private static ConfigurableApplicationContext service;
    private static CommandApi api;
    private static String topic;

    @BeforeAll
    static void start() {
        broker = PrivateKafkaBroker.start();
        RealInfrastructure infrastructure = RealInfrastructure.shared();
        Database database = infrastructure.newDatabase("outage");
        String suffix = infrastructure.uniqueSuffix("outage");
        topic = "reklame.applications.v1." + suffix;
        service = CommandApplication.application().run(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--reklame.topics.applications=" + topic,
                "--reklame.topics.decisions=reklame.permit-decisions.v1." + suffix,
                "--reklame.kafka.group-prefix=" + suffix + ".",
                // fail a batch fast and retry often, so the test need not wait long for the return
                "--reklame.outbox.send-timeout=2s",
                "--reklame.outbox.backoff-initial=100ms",
                "--reklame.outbox.backoff-max=1s");
        api = new CommandApi(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void commandsAreAcceptedWhileTheBrokerIsDownAndEveryEventArrivesInOrderWhenItReturns() throws Exception {
        Map<UUID, Long> versions = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            versions.put(api.submitted(), 1L);
        }
        awaitPublished(versions);

        AtomicInteger backoffs = new AtomicInteger();
        service.getBean(RetryRegistry.class).retry("outbox-relay").getEventPublisher()
                .onRetry(event -> backoffs.incrementAndGet());
        broker.stop();
        long slowest = 0;
        for (int round = 0; round < 3; round++) {
            if (round == 1) {
                awaitBackoffs(backoffs, 2); // the relay has failed and is backing off: keep writing meanwhile
            }
            for (UUID id : new ArrayList<>(versions.keySet())) {
                long started = System.nanoTime();
                HttpResponse<String> revised = api.revise(id, CommandApi.revisedForm("during the outage " + round),
                        "If-Match", "\"" + versions.get(id) + "\"");
                slowest = Math.max(slowest, System.nanoTime() - started);
                assertThat(revised.statusCode()).as(revised.body()).isEqualTo(202);
                versions.merge(id, 1L, Long::sum);
            }
            long started = System.nanoTime();
            versions.put(api.submitted(), 1L);
            slowest = Math.max(slowest, System.nanoTime() - started);
        }
        assertThat(Duration.ofNanos(slowest)).as("no command waits for the broker").isLessThan(Duration.ofSeconds(2));
        long waiting = outbox();
        assertThat(waiting).isEqualTo(versions.values().stream().mapToLong(v -> v).sum() - 5);
        assertThat(backlogMetric()).isEqualTo(waiting);

        broker.restart();

        Published published = awaitPublished(versions);
        Map<String, Long> expected = new HashMap<>();
        versions.forEach((id, version) -> expected.put(id.toString(), version));
        published.assertEveryStreamCompleteAndInOrder(expected);
        published.assertCopiesAreIdentical();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (outbox() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(outbox()).isZero();
    }

    private static void awaitBackoffs(AtomicInteger backoffs, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (backoffs.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(backoffs.get()).as("failed relay attempts while the broker is down").isGreaterThanOrEqualTo(atLeast);
    }

    private static long outbox() {
        return service.getBean(JdbcClient.class).sql("select count(*) from outbox").query(Long.class).single();
    }

    private static long backlogMetric() throws InterruptedException {
        Thread.sleep(600); // past the gauge's snapshot
        Matcher backlog = Pattern.compile("(?m)^reklame_outbox_backlog (\\S+)$")
                .matcher(api.send("GET", "/actuator/prometheus", null).body());
        assertThat(backlog.find()).isTrue();
        return (long) Double.parseDouble(backlog.group(1));
    }

    /** Reads the private broker's topic until every version of these applications is there. */
    private static Published awaitPublished(Map<UUID, Long> versions) {
        Set<String> keys = new java.util.HashSet<>(versions.keySet().stream().map(UUID::toString).toList());
        long events = versions.values().stream().mapToLong(v -> v).sum();
        try (TopicProbe probe = TopicProbe.on(broker.bootstrapServers(), topic)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                List<ConsumerRecord<String, byte[]>> mine = probe.settle(Duration.ofMillis(200)).stream()
                        .filter(r -> keys.contains(r.key())).toList();
                Published published = new Published(mine);
                if (published.distinctEvents() >= events) {
                    return published;
                }
                assertThat(System.nanoTime()).as("all %d events published within 60 s, got %d", events,
                        published.distinctEvents()).isLessThan(deadline);
            }
        }
    }
}
