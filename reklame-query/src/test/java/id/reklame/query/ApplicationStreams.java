package id.reklame.query;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.application.*;
import id.reklame.contracts.model.*;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.testsupport.TopicReadiness;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Realistic application streams for tests and benchmarks: whole lives of applications (assessed
 * and paid, revised, rejected, withdrawn, short payments, expiry), encoded exactly as
 * reklame-command publishes them, with each application's events spread through the stream the
 * way time spreads them. Deterministic for a seed.
 * <p>
 * As a program (the rebuild benchmark): {@code ApplicationStreams <bootstrap> <topic> <events> [seed]}.
 */
public final class ApplicationStreams {

    public static final List<String> DISTRICTS = List.of("Tegalsari", "Genteng", "Gubeng", "Wonokromo", "Sawahan",
            "Tambaksari", "Rungkut", "Sukolilo", "Mulyorejo", "Bubutan");

    /** One application's event with the version it produced. */
    public record Versioned(UUID eventId, long version, Instant at, ApplicationEvent event) {
    }

    private final Random random;
    private final Instant start = Instant.parse("2027-01-02T01:00:00Z");
    private long applications;

    public ApplicationStreams(long seed) {
        this.random = new Random(seed);
    }

    private UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    /** The whole life of one new application, in version order. */
    public List<Versioned> life() {
        UUID id = uuid();
        long n = applications++;
        int variant = (int) (n % 10);
        String district = DISTRICTS.get(random.nextInt(DISTRICTS.size()));
        ReklameType type = ReklameType.values()[random.nextInt(ReklameType.values().length)];
        RoadClass road = RoadClass.values()[random.nextInt(RoadClass.values().length)];
        LocalDate from = LocalDate.of(2027, 1 + random.nextInt(12), 1 + random.nextInt(28));
        Period period = new Period(from, from.plusDays(29 + random.nextInt(300)));
        Reklame reklame = new Reklame(type, "Iklan " + n, ProductCategory.GENERAL, Placement.OUTDOOR,
                new BigDecimal(2 + random.nextInt(4)), new BigDecimal("4.5"), 1 + random.nextInt(2), 1, null);
        Location location = new Location("Jl. Raya " + district + " " + (1 + random.nextInt(200)), district, road,
                new BigDecimal("-7.2" + (100 + random.nextInt(800))), new BigDecimal("112.7" + (100 + random.nextInt(800))));
        Applicant applicant = new Applicant("PT Maju " + n, String.format("3578%012d", n % 1_000_000_000_000L),
                "izin" + n + "@maju.co.id", "+62812" + String.format("%07d", n % 10_000_000));
        long tax = 1_000_000L + random.nextInt(50_000_000);
        LocalDate assessedOn = from.minusDays(random.nextInt(20));
        String billing = String.format("3578%014d", n);
        TaxAssessment assessment = new TaxAssessment(125_000, new BigDecimal("9.0"), 30, new BigDecimal(tax * 4),
                List.of(), tax, String.format("SKPD-RKL/2027/%06d", n % 1_000_000), billing, assessedOn,
                assessedOn.plusMonths(1));
        Instant paidAt = start.plus(Duration.ofDays(random.nextInt(300)));
        String permit = String.format("IPR-RKL/2027/%06d", n % 1_000_000);
        List<ApplicationEvent> events = new ArrayList<>();
        events.add(new ApplicationSubmitted(id, applicant, reklame, location, period, null));
        switch (variant) {
            case 6 -> {
                events.add(new RevisionRequested(id, List.of(new Reason("SIZE_EXCEEDED", "one face is too large"))));
                events.add(new ApplicationRevised(id, applicant, reklame, location, period));
                events.add(new ApplicationAssessed(id, assessment));
                events.add(new PaymentReceived(id, billing, tax / 2, paidAt, "PAY-" + n + "-1"));
                events.add(new PaymentRejected(id, "PAY-" + n + "-1", tax, tax / 2, tax - tax / 2));
                events.add(new PaymentReceived(id, billing, tax, paidAt.plusSeconds(86_400), "PAY-" + n + "-2"));
                events.add(new PermitIssued(id, permit, period.startDate(), period.endDate()));
            }
            case 7 -> events.add(new ApplicationRejected(id, List.of(new Reason("PROHIBITED_ZONE", "near a school"))));
            case 8 -> {
                events.add(new ApplicationAssessed(id, assessment));
                events.add(new ApplicationWithdrawn(id, "plans changed"));
            }
            default -> {
                events.add(new ApplicationAssessed(id, assessment));
                events.add(new PaymentReceived(id, billing, tax, paidAt, "PAY-" + n));
                events.add(new PermitIssued(id, permit, period.startDate(), period.endDate()));
                if (variant == 9) {
                    events.add(new PermitExpired(id, period.endDate().plusDays(1)));
                }
            }
        }
        List<Versioned> life = new ArrayList<>();
        Instant at = start.plus(Duration.ofMinutes(n));
        for (int v = 0; v < events.size(); v++) {
            life.add(new Versioned(uuid(), v + 1, at, events.get(v)));
            at = at.plus(Duration.ofHours(1 + random.nextInt(48)));
        }
        return life;
    }

    /**
     * About {@code events} events of whole application lives: a window of applications at a time,
     * first every application's first event, then every second one, and so on, so an application's
     * events lie thousands of records apart as they would in a busy stream.
     */
    public void stream(long events, int window, Consumer<Versioned> sink) {
        long emitted = 0;
        while (emitted < events) {
            List<List<Versioned>> lives = new ArrayList<>();
            long planned = 0;
            while (lives.size() < window && emitted + planned < events) {
                List<Versioned> life = life();
                lives.add(life);
                planned += life.size();
            }
            for (int step = 0; !lives.isEmpty(); step++) {
                final int s = step;
                lives.removeIf(l -> l.size() <= s);
                for (List<Versioned> life : lives) {
                    sink.accept(life.get(s));
                    emitted++;
                }
            }
        }
    }

    public static ProducerRecord<String, byte[]> record(String topic, Versioned v) {
        return CloudEventCodec.encode(topic, new EventMetadata(v.eventId(), EventTypes.typeOf(v.event()),
                CloudEventHeaders.COMMAND_SOURCE, v.event().applicationId().toString(), v.at(), v.version(), null),
                v.event());
    }

    public static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends everything and waits for the broker to acknowledge it; returns how many were sent. */
    public static long send(String bootstrapServers, String topic, long events, long seed) {
        long[] sent = {0};
        var failure = new java.util.concurrent.atomic.AtomicReference<Exception>();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
            new ApplicationStreams(seed).stream(events, 10_000, v -> {
                producer.send(record(topic, v), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                sent[0]++;
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused records", failure.get());
        }
        return sent[0];
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ApplicationStreams <bootstrap-servers> <topic> <events> [seed]");
            System.exit(2);
        }
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            if (!admin.listTopics().names().get().contains(args[1])) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(args[1], 12, (short) 1))).all().get();
            }
            TopicReadiness.await(admin, Set.of(args[1]), Duration.ofSeconds(60));
        }
        long started = System.nanoTime();
        long sent = send(args[0], args[1], Long.parseLong(args[2]), args.length > 3 ? Long.parseLong(args[3]) : 1);
        System.out.printf("sent %,d events to %s in %.1f s%n", sent, args[1], (System.nanoTime() - started) / 1e9);
        TimeUnit.MILLISECONDS.sleep(10);
    }
}
