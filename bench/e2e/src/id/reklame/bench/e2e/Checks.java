package id.reklame.bench.e2e;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The invariants, checked once the traffic has ended and the system has settled. */
final class Checks {

    record Result(String invariant, boolean passed, String detail) {
    }

    /** The figures the report quotes about the outcome. */
    static final class Counts {
        long accepted, expected, found, lost, doubled, wrongStatus, wrongTax, unknownToClient;
        long topicRecords, eventsInStore, applicationsInStore, resent, doubledOnTopic, missingOnTopic, differentPayloadSameId;
        long viewsBehind;
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String bootstrap;
    final List<Result> results = new ArrayList<>();
    final Counts counts = new Counts();

    Checks(String jdbcUrl, String user, String password, String bootstrap) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.bootstrap = bootstrap;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    private static final String BEHIND = """
            select count(*) from (select application_id, max(version) as stored
                                  from reklame_command.event_store group by application_id) s
            left join reklame_query.application_view v on v.application_id = s.application_id
            where v.version is distinct from s.stored""";

    /** Waits until the outbox is empty and no view is behind its event store (at most {@code timeout}); returns the seconds it took. */
    double settle(Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                long outbox = single(s, "select count(*) from reklame_command.outbox");
                long behind = single(s, BEHIND);
                quiet = outbox == 0 && behind == 0 ? quiet + 1 : 0;
                if (quiet >= 3) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (SQLException e) {
                quiet = 0;
            }
            Thread.sleep(1000);
        }
        return -1;
    }

    /** Every accepted application in the read model once, with the status and tax it must have. */
    void readModel(Set<UUID> accepted, List<Traffic.Expected> expected, String runId) throws SQLException {
        record View(String status, Long tax, String content, String renewalOf) {
        }
        Map<UUID, View> views = new HashMap<>();
        Map<String, Integer> perContent = new HashMap<>();
        Set<UUID> stored = new HashSet<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.setFetchSize(5000);
            try (ResultSet r = s.executeQuery("""
                    select application_id, status, (document->'assessment'->>'tax')::bigint, document->'reklame'->>'content',
                           document->>'renewalOf'
                    from reklame_query.application_view where document->'reklame'->>'content' like 'bench %s #%%'""".formatted(runId))) {
                while (r.next()) {
                    Long tax = r.getObject(3) == null ? null : r.getLong(3);
                    View v = new View(r.getString(2), tax, r.getString(4), r.getString(5));
                    views.put(r.getObject(1, UUID.class), v);
                    perContent.merge(v.content() + "|" + v.renewalOf(), 1, Integer::sum);
                }
            }
            try (ResultSet r = s.executeQuery("select distinct application_id from reklame_command.event_store")) {
                while (r.next()) {
                    stored.add(r.getObject(1, UUID.class));
                }
            }
            c.commit();
        }
        List<String> examples = new ArrayList<>();
        for (UUID id : accepted) {
            counts.accepted++;
            if (!views.containsKey(id) || !stored.contains(id)) {
                counts.lost++;
                example(examples, id + " accepted but " + (stored.contains(id) ? "not in the read model" : "not in the event store"));
            }
        }
        for (Traffic.Expected e : expected) {
            counts.expected++;
            View v = views.get(e.applicationId());
            if (v == null) {
                continue; // counted as lost above
            }
            counts.found++;
            if (!v.status().equals(e.status())) {
                counts.wrongStatus++;
                example(examples, e.applicationId() + " (" + e.scenario() + ") is " + v.status() + ", expected " + e.status());
            }
            if (e.tax() != null && !e.tax().equals(v.tax())) {
                counts.wrongTax++;
                example(examples, e.applicationId() + " (" + e.scenario() + ") tax " + v.tax() + ", computed " + e.tax());
            }
            if (e.renewalOf() != null && !e.renewalOf().toString().equals(v.renewalOf())) {
                counts.wrongStatus++;
                example(examples, e.applicationId() + " renews " + v.renewalOf() + ", expected " + e.renewalOf());
            }
        }
        for (int n : perContent.values()) {
            counts.doubled += n - 1;
        }
        for (UUID id : views.keySet()) {
            if (!accepted.contains(id)) {
                counts.unknownToClient++;
            }
        }
        boolean passed = counts.lost == 0 && counts.doubled == 0 && counts.wrongStatus == 0 && counts.wrongTax == 0;
        results.add(new Result("every 202-accepted application is in the read model once, at the right status and tax", passed,
                ("%d applications accepted (202): %d lost, %d doubled; of the %d whose journey ended, %d at a wrong status, %d with a wrong tax; "
                        + "%d stored whose 202 the client never saw (it gave up before an answer came)%s")
                        .formatted(counts.accepted, counts.lost, counts.doubled, counts.expected, counts.wrongStatus, counts.wrongTax,
                                counts.unknownToClient, examples.isEmpty() ? "" : "; e.g. " + String.join("; ", examples))));
    }

    /** The topic holds every stored event, each once per ce_id; a ce_id seen twice carries the same payload. */
    void topic() throws SQLException {
        Map<UUID, Long> latest = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("select application_id, max(version), count(*) from reklame_command.event_store group by application_id")) {
                while (r.next()) {
                    latest.put(r.getObject(1, UUID.class), r.getLong(2));
                    counts.eventsInStore += r.getLong(3);
                }
            }
        }
        counts.applicationsInStore = latest.size();
        Map<String, Integer> payloadById = new HashMap<>();
        Map<String, String> idByVersion = new HashMap<>();
        Map<UUID, BitSet> versions = new HashMap<>();
        List<String> examples = new ArrayList<>();
        readAll(Topics.APPLICATIONS, record -> {
            if (record.headers().lastHeader(Poison.HEADER) != null) {
                return;
            }
            counts.topicRecords++;
            String id = header(record, CloudEventHeaders.ID);
            String subject = header(record, CloudEventHeaders.SUBJECT);
            String sequence = header(record, CloudEventHeaders.SEQUENCE);
            int payload = Arrays.hashCode(record.value()) * 31 + (subject + "/" + sequence).hashCode();
            Integer before = payloadById.putIfAbsent(id, payload);
            if (before != null) {
                counts.resent++;
                if (before != payload) {
                    counts.differentPayloadSameId++;
                    example(examples, "ce_id " + id + " twice with different payloads");
                }
            }
            String other = idByVersion.putIfAbsent(subject + "/" + sequence, id);
            if (other != null && !other.equals(id)) {
                counts.doubledOnTopic++;
                example(examples, "application " + subject + " version " + sequence + " under ce_ids " + other + " and " + id);
            }
            try {
                versions.computeIfAbsent(UUID.fromString(subject), k -> new BitSet()).set(Integer.parseInt(sequence));
            } catch (RuntimeException e) {
                example(examples, "unreadable ce_subject/ce_sequence " + subject + "/" + sequence);
            }
        });
        latest.forEach((application, version) -> {
            BitSet seen = versions.getOrDefault(application, new BitSet());
            for (int v = 1; v <= version; v++) {
                if (!seen.get(v)) {
                    counts.missingOnTopic++;
                    example(examples, application + " version " + v + " is stored but not on the topic");
                }
            }
        });
        boolean passed = counts.doubledOnTopic == 0 && counts.differentPayloadSameId == 0 && counts.missingOnTopic == 0;
        results.add(new Result("the topic holds each stored event once per ce_id (duplicates only as re-sends of the same id)", passed,
                "%d records for %d stored events of %d applications: %d re-sends of the same ce_id, %d events under a second ce_id, %d ce_ids with two payloads, %d stored events missing%s"
                        .formatted(counts.topicRecords, counts.eventsInStore, counts.applicationsInStore, counts.resent, counts.doubledOnTopic,
                                counts.differentPayloadSameId, counts.missingOnTopic, examples.isEmpty() ? "" : "; e.g. " + String.join("; ", examples))));
    }

    void viewsCurrent() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            counts.viewsBehind = single(s, BEHIND);
        }
        results.add(new Result("no view is behind its event store", counts.viewsBehind == 0,
                counts.viewsBehind + " applications whose view version differs from the event store's latest"));
    }

    /** The dead-letter topics hold exactly the poison sent to their source topics, nothing else. */
    void deadLetters(Poison poison, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        String detail;
        boolean passed;
        while (true) {
            Set<String> topics;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                topics = admin.listTopics().names().get();
            }
            List<String> lines = new ArrayList<>();
            passed = true;
            for (String dlt : topics.stream().filter(t -> t.endsWith(".dlt")).sorted().toList()) {
                String source = Poison.READERS.keySet().stream().filter(t -> dlt.startsWith(t + ".")).findFirst().orElse("?");
                Set<String> expected = poison.sent.getOrDefault(source, Set.of());
                Set<String> found = new HashSet<>();
                long others = 0, records = 0;
                List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
                readAll(dlt, all::add);
                for (var record : all) {
                    records++;
                    Header mark = record.headers().lastHeader(Poison.HEADER);
                    if (mark == null) {
                        others++;
                    } else {
                        found.add(new String(mark.value(), StandardCharsets.UTF_8));
                    }
                }
                boolean exact = others == 0 && found.equals(expected);
                passed &= exact;
                lines.add("%s: %d records, %d of the %d poison records sent to %s, %d other".formatted(dlt, records,
                        found.size(), expected.size(), source, others));
            }
            for (String expectedTopic : poison.expectedTopics()) {
                if (!topics.contains(expectedTopic)) {
                    passed = false;
                    lines.add(expectedTopic + ": missing");
                }
            }
            detail = String.join("; ", lines);
            if (passed || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(2000);
        }
        results.add(new Result("dead-letter topics hold only (and all) the poison the suite sent", passed, detail));
    }

    void add(Result result) {
        results.add(result);
    }

    boolean passed() {
        return results.stream().allMatch(Result::passed);
    }

    private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < 5) {
            examples.add(text);
        }
    }
}
