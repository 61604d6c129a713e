package id.reklame.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import id.reklame.contracts.CloudEventHeaders;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.query.ApplicationStreams;
import id.reklame.query.ApplicationStreams.Versioned;
import id.reklame.query.projection.ProjectionChecksum;
import id.reklame.query.projection.ProjectionSchemas;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TestTokens;
import id.reklame.testsupport.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=reklame-query", "reklame.query.rebuild.batch-size=250", "reklame.query.rebuild.switch-lag=500",
        // a small cache: views leave it, and are written, all the time
        "reklame.query.rebuild.cached-views=300"})
@RealInfrastructureTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveRebuildTest {

    @LocalServerPort
    int port;
    @Autowired
    TopicNames topics;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProjectionChecksum checksum;
    @Autowired
    ProjectionSchemas schemas;
    @Autowired
    Environment environment;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ApplicationStreams streams = new ApplicationStreams(11);
    private final List<List<Versioned>> lives = new ArrayList<>();
    private long events;

    @BeforeAll
    void liveReadModelsWithAGapAndAnUnreadableRecord() {
        send(1500);
        // an application whose second event never arrived: its third waits, parked
        List<Versioned> gapped = streams.life();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(ApplicationStreams.record(topics.applications(), gapped.get(0)));
            producer.send(ApplicationStreams.record(topics.applications(), gapped.get(2)));
            ProducerRecord<String, byte[]> unreadable = ApplicationStreams.record(topics.applications(), streams.life().getFirst());
            unreadable.headers().remove(CloudEventHeaders.SEQUENCE);
            producer.send(unreadable);
        }
        awaitLive();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.sql("select count(*) from projection_gap").query(Long.class).single() == 1);
    }

    private KafkaProducer<String, byte[]> producer() {
        return ApplicationStreams.producer(RealInfrastructure.shared().kafkaBootstrapServers());
    }

    /** Whole lives of {@code applications} new applications, sent at once. */
    private void send(int applications) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < applications; i++) {
                List<Versioned> life = streams.life();
                lives.add(life);
                life.forEach(v -> producer.send(ApplicationStreams.record(topics.applications(), v)));
                events += life.size();
            }
        }
    }

    private void awaitLive() {
        long expected = events + 1; // and the first event of the gapped application
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                jdbc.sql("select count(*) from application_history").query(Long.class).single() == expected);
    }

    private HttpResponse<String> request(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", path.startsWith("/admin") ? TestTokens.operator() : TestTokens.officer())
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private DocumentContext awaitRebuildEnd() {
        return await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100))
                .until(() -> JsonPath.parse(request("GET", "/admin/projections/rebuild").body()),
                        p -> !"RUNNING".equals(p.read("$.state")));
    }

    @Test
    @Order(1)
    void aRebuildYieldsReadModelsIdenticalToTheLiveOnes() throws Exception {
        Map<String, ProjectionChecksum.TableChecksum> live = checksum.of(schemas.live());
        List<String> indexes = indexes();
        assertThat(live.get("application_view").rows()).isEqualTo(lives.size() + 1);
        assertThat(live.get("projection_gap").rows()).isEqualTo(1);

        HttpResponse<String> started = request("POST", "/admin/projections/rebuild");
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(started.headers().firstValue("Location")).hasValue("/admin/projections/rebuild");

        DocumentContext finished = awaitRebuildEnd();
        assertThat(finished.read("$.state", String.class)).as(finished.jsonString()).isEqualTo("COMPLETED");
        assertThat(finished.read("$.percent", Double.class)).isEqualTo(100.0);
        assertThat(finished.read("$.setAside", Long.class)).isEqualTo(1);
        assertThat(checksum.of(schemas.live())).isEqualTo(live);
        assertThat(indexes()).as("the same indexes, by the same names").isEqualTo(indexes);
        assertThat(jdbc.sql("select count(*) from projection_build").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from information_schema.schemata where schema_name like 'reklame_query_%'")
                .query(Long.class).single()).as("the rebuild's schema became the live one; the old one is gone").isZero();
    }

    @Test
    @Order(2)
    void queriesKeepAnsweringWithCorrectDataDuringARebuild() throws Exception {
        send(2000);
        awaitLive();
        Map<UUID, Long> finalVersions = new ConcurrentHashMap<>();
        lives.forEach(l -> finalVersions.put(l.getFirst().event().applicationId(), (long) l.size()));
        List<UUID> settled = List.copyOf(finalVersions.keySet());
        long applications = settled.size() + 1;
        // applications written while the rebuild runs: their versions may only ever go up
        ApplicationStreams during = new ApplicationStreams(12);
        List<List<Versioned>> moving = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicLong readsWhileRunning = new AtomicLong();
        AtomicBoolean rebuilding = new AtomicBoolean(true);

        Thread writer = Thread.ofPlatform().start(() -> {
            try (KafkaProducer<String, byte[]> producer = producer()) {
                while (rebuilding.get()) {
                    List<Versioned> life = during.life();
                    moving.add(life);
                    for (Versioned v : life) {
                        producer.send(ApplicationStreams.record(topics.applications(), v));
                        Thread.sleep(5);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                // what this reader saw last: its own successive reads may never go back (three readers together
                // may, as one can record an older answer after another has recorded a newer one)
                Map<UUID, Long> seen = new HashMap<>();
                while (rebuilding.get()) {
                    try {
                        UUID id = settled.get(ThreadLocalRandom.current().nextInt(settled.size()));
                        HttpResponse<String> view = request("GET", "/api/v1/applications/" + id);
                        if (view.statusCode() != 200
                                || JsonPath.parse(view.body()).read("$.version", Long.class) != (long) finalVersions.get(id)) {
                            failures.add("view " + id + ": " + view.statusCode() + " " + view.body());
                        }
                        HttpResponse<String> stats = request("GET", "/api/v1/stats");
                        if (stats.statusCode() != 200
                                || JsonPath.parse(stats.body()).read("$.applications", Long.class) < applications) {
                            failures.add("stats: " + stats.statusCode() + " " + stats.body());
                        }
                        HttpResponse<String> history = request("GET", "/api/v1/applications/" + id + "/history");
                        if (history.statusCode() != 200 || JsonPath.parse(history.body()).read("$.events.length()",
                                Integer.class) != finalVersions.get(id).intValue()) {
                            failures.add("history " + id + ": " + history.statusCode() + " " + history.body());
                        }
                        for (List<Versioned> life : moving) {
                            UUID movingId = life.getFirst().event().applicationId();
                            HttpResponse<String> current = request("GET", "/api/v1/applications/" + movingId);
                            if (current.statusCode() == 200) {
                                long version = JsonPath.parse(current.body()).read("$.version", Long.class);
                                Long before = seen.put(movingId, version);
                                if (before != null && version < before) {
                                    failures.add(movingId + " went back from version " + before + " to " + version);
                                }
                            }
                        }
                        readsWhileRunning.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }

        assertThat(request("POST", "/admin/projections/rebuild").statusCode()).isEqualTo(202);
        DocumentContext finished = awaitRebuildEnd();
        rebuilding.set(false);
        writer.join();
        for (Thread reader : readers) {
            reader.join();
        }

        // what was written is expected from here on, by the tests after this one too, whatever this one finds
        events += moving.stream().mapToLong(List::size).sum();
        lives.addAll(moving);
        assertThat(finished.read("$.state", String.class)).as(finished.jsonString()).isEqualTo("COMPLETED");
        assertThat(failures).isEmpty();
        assertThat(readsWhileRunning.get()).isPositive();
        // nothing written during the rebuild was lost at the switch
        awaitLive();
        for (List<Versioned> life : moving) {
            assertThat(jdbc.sql("select version from application_view where application_id = ?")
                    .param(life.getFirst().event().applicationId()).query(Long.class).single()).isEqualTo(life.size());
        }
    }

    @Test
    @Order(3)
    void aSecondRebuildWhileOneRunsIsRefused() throws Exception {
        HttpResponse<String> first = request("POST", "/admin/projections/rebuild");
        HttpResponse<String> second = request("POST", "/admin/projections/rebuild");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.parse(second.body()).read("$.progress.state", String.class)).isEqualTo("RUNNING");
        assertThat(awaitRebuildEnd().read("$.state", String.class)).isEqualTo("COMPLETED");

        // another process (an instance, or the admin process) holding the lock
        try (Connection other = DriverManager.getConnection(environment.getProperty("spring.datasource.url"),
                environment.getProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password"))) {
            other.createStatement().execute("select pg_advisory_lock(" + 0x5245_4b4c_5242_4c44L + ")");

            HttpResponse<String> refused = request("POST", "/admin/projections/rebuild");
            assertThat(refused.statusCode()).isEqualTo(409);
            DocumentContext progress = JsonPath.parse(request("GET", "/admin/projections/rebuild").body());
            assertThat(progress.read("$.state", String.class)).isEqualTo("RUNNING");
            assertThat(progress.read("$.runningElsewhere", Boolean.class)).isTrue();
            assertThat(RebuildProcess.run(adminProcessSettings())).isEqualTo(3);
        }
    }

    @Test
    @Order(4)
    void theAdminProcessRebuildsTheSameReadModels() {
        awaitLive();
        Map<String, ProjectionChecksum.TableChecksum> live = checksum.of(schemas.live());

        assertThat(RebuildProcess.run(adminProcessSettings())).isZero();

        assertThat(checksum.of(schemas.live())).isEqualTo(live);
    }

    @Test
    @Order(5)
    void progressIsVisibleWhileItRuns() throws Exception {
        send(1500);
        awaitLive();
        assertThat(request("POST", "/admin/projections/rebuild").statusCode()).isEqualTo(202);
        DocumentContext replaying = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> JsonPath.parse(request("GET", "/admin/projections/rebuild").body()),
                        p -> !"RUNNING".equals(p.read("$.state")) || "REPLAYING".equals(p.read("$.phase"))
                                && p.read("$.eventsDone", Long.class) > 0);
        DocumentContext finished = awaitRebuildEnd();

        assertThat(replaying.read("$.state", String.class)).as(replaying.jsonString()).isEqualTo("RUNNING");
        assertThat(replaying.read("$.eventsTotal", Long.class)).isGreaterThanOrEqualTo(events);
        assertThat(replaying.read("$.percent", Double.class)).isBetween(0.0, 100.0);
        assertThat(replaying.jsonString()).contains("\"eventsPerSecond\"", "\"etaSeconds\"", "\"startedAt\"");
        assertThat(finished.read("$.state", String.class)).isEqualTo("COMPLETED");
    }

    @Test
    @Order(6)
    void theAdminProcessLeavesTheLiveStreamToTheService() {
        try (ConfigurableApplicationContext admin = RebuildProcess.context(adminProcessSettings())) {
            MessageListenerContainer live = admin.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("application-projection");
            assertThat(live).isNotNull();
            assertThat(live.isRunning()).isFalse();
        }
    }

    private List<String> indexes() {
        return jdbc.sql("select indexdef from pg_indexes where schemaname = ? order by indexname")
                .param(schemas.live().schema()).query(String.class).list();
    }

    private String[] adminProcessSettings() {
        return List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                        "spring.kafka.bootstrap-servers", "reklame.topics.applications", "reklame.topics.decisions",
                        "reklame.kafka.group-prefix")
                .stream().map(name -> "--" + name + "=" + environment.getProperty(name)).toArray(String[]::new);
    }
}
