package id.reklame.platform.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import id.reklame.platform.kafka.DeadLetters;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * Lists, shows and re-drives the dead-lettered records of any consumer group, as a one-off admin
 * process of any service artefact: {@code java -jar <service>-exec.jar dead-letters <command> ...}.
 * Exit status: 0 done, 1 failed, 2 bad arguments.
 */
public final class DeadLetterTool {

    public static final String COMMAND = "dead-letters";

    static final String USAGE = """
            usage: dead-letters <command> [options]
              list    [--group <group>] [--records] [--all-records]
                      the dead-letter topics (of one consumer group), with how many records are pending
                      (not yet re-driven); --records lists the pending records, --all-records every record
              show    <topic>:<partition>@<offset> ...
                      a record's key, headers (the cause among them) and value
              redrive --group <group> (--all | <topic>:<partition>@<offset> ...) [--dry-run]
                      sends records back to the topic they came from, with their key and headers (the
                      dead-letter headers left out); --all re-drives every pending record of the group
            options:
              --bootstrap-servers <host:port,...>   default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092
            """;

    /** The dead-letter publisher writes these as binary numbers, not text. */
    private static final Set<String> BINARY_LONGS = Set.of("kafka_dlt-original-offset", "kafka_dlt-original-timestamp");

    private record Options(String command, String group, boolean records, boolean allRecords, boolean all,
                           boolean dryRun, String bootstrapServers, List<RecordRef> refs) {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.command().equals("help")) {
            out.print(USAGE);
            return 0;
        }
        try (DeadLetterStore store = new DeadLetterStore(options.bootstrapServers())) {
            return switch (options.command()) {
                case "list" -> list(store, options, out);
                case "show" -> show(store, options, out, err);
                case "redrive" -> redrive(store, options, out, err);
                default -> throw new IllegalStateException(options.command());
            };
        } catch (RuntimeException e) {
            err.println("dead-letters " + options.command() + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static Options parse(List<String> args) {
        if (args.isEmpty() || Set.of("help", "--help", "-h").contains(args.getFirst())) {
            return new Options("help", null, false, false, false, false, null, List.of());
        }
        String command = args.getFirst();
        if (!Set.of("list", "show", "redrive").contains(command)) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        String group = null;
        String bootstrap = null;
        boolean records = false;
        boolean allRecords = false;
        boolean all = false;
        boolean dryRun = false;
        List<RecordRef> refs = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String[] split = arg.split("=", 2);
            String name = split[0];
            switch (name) {
                case "--group" -> group = split.length > 1 ? split[1] : value(args, ++i, name);
                case "--bootstrap-servers", "--spring.kafka.bootstrap-servers" ->
                        bootstrap = split.length > 1 ? split[1] : value(args, ++i, name);
                case "--records" -> records = true;
                case "--all-records" -> allRecords = true;
                case "--all" -> all = true;
                case "--dry-run" -> dryRun = true;
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option '" + arg + "'");
                    }
                    refs.add(RecordRef.parse(arg));
                }
            }
        }
        if (command.equals("show") && refs.isEmpty()) {
            throw new IllegalArgumentException("show needs at least one <topic>:<partition>@<offset>");
        }
        if (command.equals("redrive") && (group == null || all == !refs.isEmpty())) {
            throw new IllegalArgumentException("redrive needs --group and either --all or records to re-drive");
        }
        String groupSuffix = "." + group + ".dlt";
        if (command.equals("redrive") && refs.stream().anyMatch(r -> !r.topic().endsWith(groupSuffix))) {
            throw new IllegalArgumentException("every record to re-drive must be on a dead-letter topic of the group");
        }
        if (bootstrap == null) {
            bootstrap = Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")).orElse("localhost:9092");
        }
        return new Options(command, group, records, allRecords, all, dryRun, bootstrap, List.copyOf(refs));
    }

    private static String value(List<String> args, int i, String name) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args.get(i);
    }

    private static int list(DeadLetterStore store, Options options, PrintStream out) {
        List<DeadLetterStore.Topic> topics = store.topics(options.group());
        if (topics.isEmpty()) {
            out.println("no dead-letter topics" + (options.group() == null ? "" : " for group " + options.group()));
        }
        for (DeadLetterStore.Topic topic : topics) {
            out.printf("%s: %d pending, %d in all%s%n", topic.name(), topic.pending(), topic.total(),
                    topic.source() == null ? "" : " (source " + topic.source() + ")");
            if (options.records() || options.allRecords()) {
                for (ConsumerRecord<byte[], byte[]> record : store.read(topic, options.allRecords())) {
                    boolean pending = record.offset() >= topic.from(record.partition());
                    out.println("  " + summary(record) + (pending ? "" : "  [re-driven]"));
                }
            }
        }
        return 0;
    }

    private static int show(DeadLetterStore store, Options options, PrintStream out, PrintStream err) {
        int status = 0;
        for (RecordRef ref : options.refs()) {
            Optional<ConsumerRecord<byte[], byte[]>> found = store.read(ref);
            if (found.isEmpty()) {
                err.println(ref + ": no such record");
                status = 1;
                continue;
            }
            ConsumerRecord<byte[], byte[]> record = found.get();
            out.println(ref);
            out.println("  timestamp: " + Instant.ofEpochMilli(record.timestamp()));
            out.println("  key: " + text(record.key()));
            out.println("  headers:");
            for (Header header : record.headers()) {
                String value = text(header.value());
                if (header.key().endsWith("exception-stacktrace")) {
                    value = String.join("\n      ", value.lines().limit(8).toList()) + "\n      ...";
                } else if (BINARY_LONGS.contains(header.key()) && header.value().length == Long.BYTES) {
                    value = Long.toString(java.nio.ByteBuffer.wrap(header.value()).getLong());
                } else if (header.key().equals("kafka_dlt-original-partition") && header.value().length == Integer.BYTES) {
                    value = Integer.toString(java.nio.ByteBuffer.wrap(header.value()).getInt());
                }
                out.println("    " + header.key() + ": " + value);
            }
            out.println("  value: " + text(record.value()));
        }
        return status;
    }

    private static int redrive(DeadLetterStore store, Options options, PrintStream out, PrintStream err) {
        String suffix = "." + options.group() + ".dlt";
        Map<String, DeadLetterStore.Topic> topics = new LinkedHashMap<>();
        Map<String, List<ConsumerRecord<byte[], byte[]>>> chosen = new LinkedHashMap<>();
        if (options.all()) {
            for (DeadLetterStore.Topic topic : store.topics(options.group())) {
                topics.put(topic.name(), topic);
                chosen.put(topic.name(), store.read(topic, false));
            }
        } else {
            for (RecordRef ref : options.refs()) {
                DeadLetterStore.Topic topic = topics.computeIfAbsent(ref.topic(),
                        name -> store.describe(name, name.substring(0, name.length() - suffix.length())));
                Optional<ConsumerRecord<byte[], byte[]>> record = store.read(ref);
                if (record.isEmpty()) {
                    err.println(ref + ": no such record; nothing was re-driven");
                    return 1;
                }
                chosen.computeIfAbsent(topic.name(), k -> new ArrayList<>()).add(record.get());
            }
        }
        int count = 0;
        int leftOut = 0;
        for (var entry : chosen.entrySet()) {
            DeadLetterStore.Topic topic = topics.get(entry.getKey());
            Map<Integer, Set<Long>> redriven = new HashMap<>();
            int leftOutHere = 0;
            for (ConsumerRecord<byte[], byte[]> record : entry.getValue()) {
                String source = DeadLetterStore.sourceOf(record, topic.source());
                RecordRef ref = new RecordRef(record.topic(), record.partition(), record.offset());
                Optional<String> valueLeftOut = header(record, DeadLetters.VALUE_LEFT_OUT);
                if (valueLeftOut.isPresent()) {
                    // re-driving it would send an empty record: it stays pending, to be replayed from its source
                    err.println(ref + ": not re-driven, its value was left out (" + valueLeftOut.get() + ")");
                    leftOutHere++;
                    continue;
                }
                if (options.dryRun()) {
                    out.println("would re-drive " + ref + " to " + source);
                } else {
                    RecordMetadata sent = store.redrive(record, source);
                    out.println("re-drove " + ref + " to " + sent.topic() + ":" + sent.partition() + "@" + sent.offset());
                }
                redriven.computeIfAbsent(record.partition(), p -> new TreeSet<>()).add(record.offset());
                count++;
            }
            if (!options.dryRun()) {
                store.mark(topic.name(), advancedMarks(topic, redriven, options.all() && leftOutHere == 0));
            }
            leftOut += leftOutHere;
        }
        out.println((options.dryRun() ? "would re-drive " : "re-drove ") + count + " record(s)"
                + (leftOut == 0 ? "" : "; " + leftOut + " left pending: their value was not kept"));
        return leftOut == 0 ? 0 : 1;
    }

    /** A mark moves over records re-driven now only as far as no record before them is still pending. */
    private static Map<Integer, Long> advancedMarks(DeadLetterStore.Topic topic, Map<Integer, Set<Long>> redriven,
                                                    boolean all) {
        Map<Integer, Long> marks = new TreeMap<>();
        for (int partition : topic.end().keySet()) {
            long mark = topic.from(partition);
            if (all) {
                mark = topic.end().get(partition);
            } else {
                Set<Long> done = redriven.getOrDefault(partition, Set.of());
                while (done.contains(mark)) {
                    mark++;
                }
            }
            if (mark != topic.from(partition)) {
                marks.put(partition, mark);
            }
        }
        return marks;
    }

    private static String summary(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder line = new StringBuilder(record.topic() + ":" + record.partition() + "@" + record.offset());
        line.append("  ").append(Instant.ofEpochMilli(record.timestamp()));
        line.append("  key=").append(text(record.key()));
        header(record, "ce_type").ifPresent(v -> line.append("  ").append(v));
        header(record, "ce_id").ifPresent(v -> line.append("  ce_id=").append(v));
        header(record, "kafka_dlt-exception-message").ifPresent(v -> line.append("  cause: ")
                .append(v.length() > 160 ? v.substring(0, 160) + "..." : v));
        return line.toString();
    }

    private static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? Optional.empty() : Optional.of(text(header.value()));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "(null)" : new String(bytes, UTF_8).replaceAll("[\\p{Cntrl}&&[^\n]]", "?");
    }

    private DeadLetterTool() {
    }
}
