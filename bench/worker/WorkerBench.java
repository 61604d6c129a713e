import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.model.*;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.testsupport.TopicReadiness;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.*;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Decisions per second of permit-worker from a pre-filled topic, with one and with two instances
 * (separate JVM processes), side by side in one run. Started by run.sh, which provides the broker,
 * PostgreSQL and the worker's jar.
 *
 * Each round gets fresh topics, a fresh schema and a fresh consumer group; the topic is filled with
 * EVENTS ApplicationSubmitted events before any worker starts. The clock runs from the first
 * decision to the last, so JVM start-up is not counted.
 */
public class WorkerBench {

    static final int PARTITIONS = 12;
    static final String BOOTSTRAP = env("KAFKA_BOOTSTRAP_SERVERS", "localhost:29092");
    static final int EVENTS = Integer.parseInt(env("BENCH_EVENTS", "100000"));
    static final int ROUNDS = Integer.parseInt(env("BENCH_ROUNDS", "2"));
    static final int[] INSTANCES = Arrays.stream(env("BENCH_INSTANCES", "1 2").trim().split("\\s+"))
            .mapToInt(Integer::parseInt).toArray();
    static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    public static void main(String[] args) throws Exception {
        System.out.printf("permit-worker benchmark: %,d ApplicationSubmitted events per round, %d partitions, %d round(s)%n",
                EVENTS, PARTITIONS, ROUNDS);
        System.out.printf("machine: %d cores, load average before: %s%n", Runtime.getRuntime().availableProcessors(),
                loadAverage());
        Map<Integer, List<Result>> results = new TreeMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (int instances : INSTANCES) {
                Result result = round(round, instances);
                results.computeIfAbsent(instances, k -> new ArrayList<>()).add(result);
                System.out.printf("  round %d, %d instance(s): %,.0f decisions/s overall, median of 1-s windows %,.0f/s"
                                + " (%,d decisions in %.1f s; load average %s)%n", round, instances, result.overall(),
                        result.medianWindow(), result.decisions(), result.seconds(), result.load());
                System.out.println("      " + result.cpu().per(result.decisions()));
            }
        }
        System.out.println("=".repeat(78));
        results.forEach((instances, rounds) -> System.out.printf("%d instance(s): %,8.0f decisions/s (median of %d rounds);"
                        + " worker CPU %.0f ms per 1,000 decisions%n", instances,
                median(rounds.stream().mapToDouble(Result::overall).toArray()), rounds.size(),
                median(rounds.stream().mapToDouble(r -> 1_000_000 * r.cpu().workers() / r.decisions()).toArray())));
        if (results.containsKey(1) && results.containsKey(2)) {
            System.out.printf("ratio 2/1    : %8.2f%n", median(results.get(2).stream().mapToDouble(Result::overall).toArray())
                    / median(results.get(1).stream().mapToDouble(Result::overall).toArray()));
        }
        System.out.printf("load average after: %s (%d cores, shared with whatever else runs here)%n", loadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    record Result(int decisions, double seconds, double overall, double medianWindow, String load, Cpu cpu) {
    }

    /** CPU seconds each part used between the first and the last decision. */
    record Cpu(double workers, double postgres, double kafka) {
        Cpu minus(Cpu earlier) {
            return new Cpu(workers - earlier.workers, postgres - earlier.postgres, kafka - earlier.kafka);
        }

        String per(int decisions) {
            double k = decisions / 1000.0;
            return String.format("CPU ms per 1,000 decisions: worker %.0f, PostgreSQL %.0f, Kafka %.0f (total %.0f)",
                    1000 * workers / k, 1000 * postgres / k, 1000 * kafka / k, 1000 * (workers + postgres + kafka) / k);
        }
    }

    /** From /proc: the worker processes, the stack's postmaster and its children, the stack's broker. */
    static Cpu cpu(List<Process> workers) {
        double w = workers.stream().mapToDouble(p -> cpuSeconds(p.pid())).sum();
        String stack = env("BENCH_STACK_DIR", "");
        double pg = 0;
        double kafka = 0;
        try {
            long postmaster = Long.parseLong(Files.readAllLines(Path.of(stack, "postgres", "postmaster.pid")).getFirst().trim());
            File[] procs = new File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
            for (File proc : procs == null ? new File[0] : procs) {
                long pid = Long.parseLong(proc.getName());
                try {
                    String stat = Files.readString(proc.toPath().resolve("stat"));
                    long parent = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                    if (pid == postmaster || parent == postmaster) {
                        pg += cpuSeconds(pid);
                    } else if (Files.readString(proc.toPath().resolve("cmdline")).contains("kafka.Kafka")
                            && Files.readString(proc.toPath().resolve("cmdline")).contains(stack)) {
                        kafka += cpuSeconds(pid);
                    }
                } catch (Exception gone) {
                    // the process ended meanwhile
                }
            }
        } catch (Exception e) {
            return new Cpu(w, Double.NaN, Double.NaN);
        }
        return new Cpu(w, pg, kafka);
    }

    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime + stime, in clock ticks
        } catch (Exception e) {
            return 0;
        }
    }

    static Result round(int round, int instances) throws Exception {
        String id = RUN + "r" + round + "i" + instances;
        String applications = "bench.applications." + id;
        String decisions = "bench.decisions." + id;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(applications, PARTITIONS, (short) 1),
                    new NewTopic(decisions, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            TopicReadiness.await(admin, Set.of(applications, decisions), Duration.ofSeconds(60));
        }
        int expected = fill(applications, new Random(round));

        List<Process> workers = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", BOOTSTRAP,
                "enable.auto.commit", false, "max.poll.records", 5000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(decisions, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            for (int i = 0; i < instances; i++) {
                workers.add(startWorker(id, i, applications, decisions));
            }
            long first = 0;
            long last = 0;
            Cpu atFirst = null;
            Cpu atLast = null;
            int seen = 0;
            TreeMap<Long, Integer> perSecond = new TreeMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (seen < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.nanoTime();
                    if (seen == 0) {
                        first = now;
                        atFirst = cpu(workers);
                    }
                    last = now;
                    seen++;
                    perSecond.merge((now - first) / 1_000_000_000L, 1, Integer::sum);
                }
                for (Process worker : workers) {
                    if (!worker.isAlive()) {
                        throw new IllegalStateException("a worker died; see bench/worker/target/logs/" + id + "-*.log");
                    }
                }
            }
            atLast = cpu(workers);
            if (seen < expected) {
                throw new IllegalStateException("only " + seen + " decisions within 15 minutes");
            }
            double seconds = (last - first) / 1e9;
            // whole seconds only: the first and last windows are partly idle
            double[] windows = perSecond.entrySet().stream()
                    .filter(e -> e.getKey() > 0 && e.getKey() < perSecond.lastKey())
                    .mapToDouble(Map.Entry::getValue).toArray();
            return new Result(seen, seconds, seen / seconds, windows.length == 0 ? seen / seconds : median(windows),
                    loadAverage(), atLast.minus(atFirst));
        } finally {
            for (Process worker : workers) {
                worker.destroy(); // SIGTERM: a graceful stop
            }
            for (Process worker : workers) {
                if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            }
        }
    }

    /**
     * Realistic variety: every type, road class, size, placement and product; most pass, some fail a rule.
     * Every send is checked (a failed one is sent again), so the topic holds exactly EVENTS events.
     */
    static int fill(String topic, Random random) throws Exception {
        ReklameType[] types = ReklameType.values();
        RoadClass[] roads = RoadClass.values();
        Instant submittedAt = Instant.parse("2027-01-10T03:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BOOTSTRAP,
                "linger.ms", 20, "batch.size", 262_144, "compression.type", "lz4", "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            List<ProducerRecord<String, byte[]>> pending = new ArrayList<>(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                UUID id = UUID.randomUUID();
                boolean restricted = random.nextInt(20) == 0;
                Placement placement = random.nextInt(5) == 0 ? Placement.INDOOR : Placement.OUTDOOR;
                LocalDate start = LocalDate.of(2027, 1, 10).plusDays(random.nextInt(200) - (random.nextInt(50) == 0 ? 30 : 0));
                int days = random.nextInt(40) == 0 ? 400 : 1 + random.nextInt(365);
                // spread over about 55 km × 55 km around Surabaya: roughly 1 in 100 lands within 10 m of another
                double latitude = -7.0 - 0.5 * random.nextDouble();
                double longitude = 112.5 + 0.5 * random.nextDouble();
                var event = new ApplicationSubmitted(id,
                        new Applicant("PT Bench " + i, "3578" + String.format("%012d", i), "b" + i + "@bench.id", "+62812" + (1_000_000 + i)),
                        new Reklame(types[random.nextInt(types.length)], "Promo " + i,
                                restricted ? ProductCategory.values()[1 + random.nextInt(2)] : ProductCategory.GENERAL,
                                placement, BigDecimal.valueOf(10 + random.nextInt(690), 2), BigDecimal.valueOf(10 + random.nextInt(790), 2),
                                1 + random.nextInt(2), 1 + random.nextInt(3),
                                random.nextBoolean() ? null : BigDecimal.valueOf(random.nextInt(2500), 2)),
                        new Location("Jl. Bench " + i, "District " + random.nextInt(31), roads[random.nextInt(roads.length)],
                                BigDecimal.valueOf(latitude).setScale(6, java.math.RoundingMode.HALF_UP),
                                BigDecimal.valueOf(longitude).setScale(6, java.math.RoundingMode.HALF_UP)),
                        new Period(start, start.plusDays(days - 1)), null);
                var metadata = new EventMetadata(UUID.randomUUID(), EventTypes.typeOf(event), CloudEventHeaders.COMMAND_SOURCE,
                        id.toString(), submittedAt, 1, null);
                pending.add(CloudEventCodec.encode(topic, metadata, event));
            }
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 5) {
                    throw new IllegalStateException(pending.size() + " events could not be sent");
                }
                List<ProducerRecord<String, byte[]>> failed = Collections.synchronizedList(new ArrayList<>());
                for (var record : pending) {
                    producer.send(record, (meta, e) -> {
                        if (e != null) {
                            failed.add(record);
                        }
                    });
                }
                producer.flush();
                pending = new ArrayList<>(failed);
            }
        }
        return EVENTS;
    }

    static Process startWorker(String id, int index, String applications, String decisions) throws Exception {
        Path logs = Path.of("bench/worker/target/logs");
        Files.createDirectories(logs);
        String schema = "bench_" + id;
        List<String> command = new ArrayList<>(List.of(env("JAVA", "java")));
        command.addAll(Arrays.asList(env("WORKER_JAVA_OPTS", "-Xms256m -Xmx768m -XX:+UseParallelGC").split(" ")));
        command.addAll(List.of("-jar", env("WORKER_JAR", null),
                "--server.port=0",
                "--reklame.topics.applications=" + applications,
                "--reklame.topics.decisions=" + decisions,
                "--reklame.kafka.group-prefix=bench-" + id + ".",
                "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema,
                "--spring.datasource.hikari.schema=" + schema,
                "--reklame.worker.expiry.cron=-"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP);
        builder.redirectErrorStream(true).redirectOutput(logs.resolve(id + "-" + index + ".log").toFile());
        return builder.start();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null && fallback == null) {
            throw new IllegalStateException(name + " must be set (run.sh sets it)");
        }
        return value == null ? fallback : value;
    }
}
