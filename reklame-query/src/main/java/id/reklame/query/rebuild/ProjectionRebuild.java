package id.reklame.query.rebuild;

import id.reklame.platform.kafka.TopicNames;
import id.reklame.query.QueryProperties;
import id.reklame.query.projection.ApplicationProjection;
import id.reklame.query.projection.BatchOutcome;
import id.reklame.query.projection.PoisonHandler;
import id.reklame.query.projection.ProjectionSchemas;
import id.reklame.query.projection.ProjectionTarget;
import id.reklame.query.projection.ViewCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every read model from the beginning of {@code reklame.applications.v1} while the live
 * ones keep answering: the topic is replayed into a schema of its own beside the live one, and
 * once it has nearly caught up with the end of the topic, the live read models' writers are held
 * back, the new ones catch up with exactly where the live ones stand, and the two schemas are
 * swapped and the old one dropped in one transaction. Readers never wait more than the instant of
 * the swap, and never see a read model older than the one before.
 * <p>
 * One rebuild at a time, across every instance and admin process: a session-level PostgreSQL
 * advisory lock, released by the database even if the process dies.
 */
@Component
public class ProjectionRebuild implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final long REBUILD_LOCK = 0x5245_4b4c_5242_4c44L; // "REKLRBLD"
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int SWITCH_ATTEMPTS = 3;
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final DataSource dataSource;
    private final Flyway flyway;
    private final ConsumerFactory<Object, Object> consumers;
    private final TopicNames topics;
    private final ApplicationProjection projection;
    private final ProjectionSchemas schemas;
    private final QueryProperties.Rebuild settings;
    private final AtomicReference<Run> current = new AtomicReference<>();
    private volatile RebuildProgress last;

    ProjectionRebuild(DataSource dataSource, Flyway flyway, ConsumerFactory<Object, Object> consumers,
                      TopicNames topics, ApplicationProjection projection, ProjectionSchemas schemas,
                      QueryProperties properties) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.consumers = consumers;
        this.topics = topics;
        this.projection = projection;
        this.schemas = schemas;
        this.settings = properties.rebuild();
    }

    /**
     * Starts a rebuild in the background.
     *
     * @throws RebuildRefusedException when one is running already, here or elsewhere
     */
    public synchronized RebuildProgress start() {
        if (current.get() != null) {
            throw new RebuildRefusedException("A rebuild of the read models is already running in this process");
        }
        Connection lock = null;
        try {
            lock = dataSource.getConnection();
            lock.setAutoCommit(true);
            if (!tryLock(lock)) {
                release(lock);
                throw new RebuildRefusedException("A rebuild of the read models is already running in another process");
            }
        } catch (SQLException e) {
            release(lock);
            throw new IllegalStateException("could not take the rebuild lock", e);
        }
        Run run = new Run(lock);
        current.set(run);
        Thread.ofPlatform().name("projection-rebuild").start(run::execute);
        return run.progress();
    }

    public RebuildProgress progress() {
        Run run = current.get();
        if (run != null) {
            return run.progress();
        }
        if (runningElsewhere()) {
            return new RebuildProgress("RUNNING", null, true, null, null, 0, 0, 0, 0, null, 0,
                    "A rebuild is running in another process; its progress is shown there");
        }
        return last != null ? last : lastBuild();
    }

    /** What the live read models say about the rebuild that built them, if one did. */
    private RebuildProgress lastBuild() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select started_at, switched_at, events from " + schemas.live().schema()
                     + ".projection_build where id = 1")) {
            if (rs.next()) {
                return new RebuildProgress("COMPLETED", null, false, rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(3), 100, 0, 0L, 0,
                        "The live read models were rebuilt and switched in at " + rs.getTimestamp(2).toInstant());
            }
        } catch (SQLException e) {
            log.debug("no rebuild record: {}", e.toString());
        }
        return RebuildProgress.idle();
    }

    private boolean runningElsewhere() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select count(*) from pg_locks where locktype = 'advisory' and granted
                       and database = (select oid from pg_database where datname = current_database())
                       and classid::bigint = ? and objid::bigint = ? and objsubid = 1""")) {
            s.setLong(1, REBUILD_LOCK >>> 32);
            s.setLong(2, REBUILD_LOCK & 0xffff_ffffL);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            s.setLong(1, REBUILD_LOCK);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public void destroy() {
        Run run = current.get();
        if (run != null) {
            run.abort();
        }
    }

    /** One rebuild, from preparing the new schema to dropping the old one. */
    private final class Run {

        private final Connection lock;
        private final Instant startedAt = Instant.now();
        private final ProjectionTarget target = schemas.rebuild();
        private final String topic = topics.applications();
        private final Map<TopicPartition, Long> begin = new ConcurrentHashMap<>();
        private final Map<TopicPartition, Long> end = new ConcurrentHashMap<>();
        private final Map<TopicPartition, Long> position = new ConcurrentHashMap<>();
        private final LongAdder done = new LongAdder();
        private final LongAdder setAside = new LongAdder();
        private final Deque<long[]> samples = new ArrayDeque<>(); // {nanoTime, done}
        private final List<Thread> workers = new ArrayList<>();
        private final List<String> indexes = new ArrayList<>();
        private final AtomicReference<Throwable> workerFailure = new AtomicReference<>();
        private volatile Thread coordinator;
        private volatile boolean stopWorkers;
        private volatile boolean writeThrough;
        private final java.util.concurrent.atomic.AtomicInteger workersWritingThrough =
                new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean aborted;
        private volatile String phase = "PREPARING";
        private volatile double rate;

        Run(Connection lock) {
            this.lock = lock;
        }

        void execute() {
            coordinator = Thread.currentThread();
            try {
                log.info("rebuilding the read models into schema {}", target.schema());
                long t0 = System.nanoTime();
                prepare();
                long t1 = System.nanoTime();
                replay(settings.switchLag());
                writeThrough();
                long t2 = System.nanoTime();
                phase = "INDEXING";
                createIndexes();
                long t3 = System.nanoTime();
                phase = "REPLAYING";
                replay(settings.switchLag());
                switchOver();
                long t4 = System.nanoTime();
                RebuildProgress finished = snapshot("COMPLETED", null, Instant.now(), String.format(Locale.ROOT,
                        "The rebuilt read models are live (preparing %.1f s, replaying %.1f s, indexing %.1f s,"
                                + " catching up and switching %.1f s)",
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9));
                last = finished;
                log.info("rebuild completed: {} records in {} s", finished.eventsDone(),
                        Duration.between(startedAt, finished.finishedAt()).toSeconds());
            } catch (Throwable e) {
                log.error("rebuild failed; the live read models are unchanged", e);
                stopWorkers();
                dropRebuildSchema();
                last = snapshot("FAILED", null, Instant.now(), "The rebuild failed: " + e.getMessage()
                        + "; the live read models are unchanged");
            } finally {
                release(lock);
                current.set(null);
            }
        }

        private void prepare() throws SQLException {
            dropRebuildSchema();
            Flyway.configure(getClass().getClassLoader()).configuration(flyway.getConfiguration())
                    .schemas(target.schema()).defaultSchema(target.schema()).createSchemas(true)
                    .load().migrate();
            dropIndexes();
            try (Consumer<Object, Object> consumer = metadataConsumer()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                begin.putAll(consumer.beginningOffsets(partitions, Duration.ofSeconds(30)));
                end.putAll(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            }
            position.putAll(begin);
            projection.startAt(target, begin);
            phase = "REPLAYING";
            startWorkers();
        }

        private void startWorkers() {
            List<TopicPartition> partitions = new ArrayList<>(new TreeMap<>(begin.entrySet().stream().collect(
                    Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getKey))).values());
            int count = Math.max(1, Math.min(settings.workers(), partitions.size()));
            for (int w = 0; w < count; w++) {
                List<TopicPartition> share = new ArrayList<>();
                for (int i = w; i < partitions.size(); i += count) {
                    share.add(partitions.get(i));
                }
                workers.add(Thread.ofPlatform().name("projection-rebuild-" + w).start(() -> work(share)));
            }
        }

        private void work(List<TopicPartition> share) {
            PoisonHandler poison = (record, cause) -> {
                // the live projection has dead-lettered the same record already
                setAside.increment();
                log.warn("rebuild sets aside record {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), cause.toString());
            };
            // views are written when they leave the cache, until the coordinator asks for everything written
            ViewCache cache = new ViewCache(settings.cachedViews(), true);
            boolean flushed = false;
            try (Consumer<Object, Object> consumer = replayConsumer()) {
                consumer.assign(share);
                share.forEach(tp -> consumer.seek(tp, position.get(tp)));
                while (!stopWorkers) {
                    if (writeThrough && !flushed) {
                        cache.writeThrough();
                        projection.flush(target, cache);
                        flushed = true;
                        workersWritingThrough.incrementAndGet();
                    }
                    ConsumerRecords<Object, Object> polled = consumer.poll(Duration.ofMillis(200));
                    if (polled.isEmpty()) {
                        continue;
                    }
                    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.count());
                    for (ConsumerRecord<Object, Object> record : polled) {
                        @SuppressWarnings("unchecked")
                        ConsumerRecord<String, byte[]> typed = (ConsumerRecord<String, byte[]>) (ConsumerRecord<?, ?>) record;
                        records.add(typed);
                    }
                    BatchOutcome outcome = projection.apply(records, target, null, poison, cache);
                    position.putAll(outcome.positions());
                    done.add(outcome.records());
                }
                if (cache.hasUnwritten()) {
                    projection.flush(target, cache);
                }
            } catch (Throwable e) {
                workerFailure.compareAndSet(null, e);
            }
        }

        /**
         * Drops the new tables' secondary indexes (not those of keys, which upserts need): building
         * them once at the end costs less than keeping them up to date row by row.
         */
        private void dropIndexes() throws SQLException {
            List<String> names = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("""
                        select i.indexname, i.indexdef from pg_indexes i
                        where i.schemaname = '%s' and not exists (
                            select 1 from pg_constraint k join pg_namespace n on n.oid = k.connamespace
                            where n.nspname = i.schemaname and k.conname = i.indexname)
                        order by i.indexname""".formatted(target.schema()))) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                        indexes.add(rs.getString(2));
                    }
                }
                for (String name : names) {
                    s.execute("drop index " + target.schema() + "." + name);
                }
            }
        }

        private void createIndexes() throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                for (String definition : indexes) {
                    s.execute(definition);
                }
            }
        }

        /** Has every worker write the views it holds and, from then on, write what it changes at once. */
        private void writeThrough() throws InterruptedException {
            writeThrough = true;
            while (workersWritingThrough.get() < workers.size()) {
                checkHealthy();
                sample();
                Thread.sleep(20);
            }
        }

        /** Replays until no more than {@code lag} records are left to the end of the topic. */
        private void replay(long lag) throws InterruptedException {
            try (Consumer<Object, Object> consumer = metadataConsumer()) {
                consumer.assign(end.keySet());
                long lastEndRefresh = 0;
                while (true) {
                    checkHealthy();
                    if (System.nanoTime() - lastEndRefresh > Duration.ofSeconds(1).toNanos()) {
                        end.putAll(consumer.endOffsets(end.keySet(), Duration.ofSeconds(30)));
                        lastEndRefresh = System.nanoTime();
                    }
                    sample();
                    if (remaining() <= lag) {
                        return;
                    }
                    Thread.sleep(TICK);
                }
            }
        }

        /**
         * Holds back the live read models' writers (readers go on), lets the new read models reach
         * every partition's live position, then swaps the schemas and drops the old one in one
         * transaction. A live writer waiting meanwhile continues in the new read models, which are
         * at or past its own position.
         */
        private void switchOver() throws Exception {
            String live = schemas.live().schema();
            for (int attempt = 1; attempt <= SWITCH_ATTEMPTS; attempt++) {
                phase = "SWITCHING";
                lock.setAutoCommit(false);
                try (Statement sql = lock.createStatement()) {
                    sql.execute("set local lock_timeout = " + settings.switchTimeout().toMillis());
                    String tables = liveTables(sql, live);
                    sql.execute("lock table " + tables + " in exclusive mode");
                    Map<TopicPartition, Long> livePositions = projection.positions(schemas.live(), topic);
                    if (!awaitPositions(livePositions, settings.switchTimeout())) {
                        log.info("the rebuild did not reach the live positions in {}; replaying on (attempt {} of {})",
                                settings.switchTimeout(), attempt, SWITCH_ATTEMPTS);
                        lock.rollback();
                        phase = "REPLAYING";
                        replay(settings.switchLag());
                        continue;
                    }
                    stopWorkers();
                    checkHealthy();
                    takeEveryTable(sql, tables);
                    sql.execute("alter schema " + live + " rename to " + schemas.retired());
                    sql.execute("alter schema " + target.schema() + " rename to " + live);
                    sql.execute("drop schema " + schemas.retired() + " cascade");
                    try (PreparedStatement build = lock.prepareStatement("insert into " + live
                            + ".projection_build (id, started_at, switched_at, events, end_offsets)"
                            + " values (1, ?, now(), ?, ?)")) {
                        build.setTimestamp(1, Timestamp.from(startedAt));
                        build.setLong(2, done.sum());
                        build.setString(3, new TreeMap<>(position.entrySet().stream().collect(Collectors.toMap(
                                e -> e.getKey().partition(), Map.Entry::getValue))).toString());
                        build.executeUpdate();
                    }
                    lock.commit();
                    return;
                } catch (Exception e) {
                    lock.rollback();
                    throw e;
                } finally {
                    lock.setAutoCommit(true);
                }
            }
            throw new IllegalStateException("the rebuild could not catch up with the live read models in "
                    + SWITCH_ATTEMPTS + " attempts");
        }

        /**
         * The live tables for the swap, all at once or none: waiting for one while holding another could
         * deadlock with a reader that holds the one and waits for the other, and the reader would lose.
         * Between attempts the readers go on; the last attempt waits its turn.
         */
        private void takeEveryTable(Statement sql, String tables) throws SQLException, InterruptedException {
            long deadline = System.nanoTime() + settings.switchTimeout().toNanos() / 2;
            while (System.nanoTime() < deadline) {
                Savepoint before = lock.setSavepoint();
                try {
                    sql.execute("lock table " + tables + " in access exclusive mode nowait");
                    lock.releaseSavepoint(before);
                    return;
                } catch (SQLException e) {
                    if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                        throw e;
                    }
                    lock.rollback(before);
                }
                Thread.sleep(2);
            }
            sql.execute("lock table " + tables + " in access exclusive mode");
        }

        /** Every table of the live schema, the position table first: live writers lock it first too. */
        private String liveTables(Statement sql, String live) throws SQLException {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = sql.executeQuery("select tablename from pg_tables where schemaname = '" + live
                    + "' order by tablename <> 'projection_offset', tablename")) {
                while (rs.next()) {
                    tables.add(live + "." + rs.getString(1));
                }
            }
            return String.join(", ", tables);
        }

        private boolean awaitPositions(Map<TopicPartition, Long> livePositions, Duration timeout)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                checkHealthy();
                sample();
                boolean reached = livePositions.entrySet().stream()
                        .allMatch(e -> position.getOrDefault(e.getKey(), Long.MIN_VALUE) >= e.getValue());
                if (reached) {
                    return true;
                }
                Thread.sleep(20);
            }
            return false;
        }

        private void checkHealthy() {
            Throwable failure = workerFailure.get();
            if (failure != null) {
                throw new IllegalStateException("a rebuild worker failed: " + failure, failure);
            }
            if (aborted) {
                throw new IllegalStateException("the rebuild was stopped because the process is shutting down");
            }
        }

        private void stopWorkers() {
            stopWorkers = true;
            for (Thread worker : workers) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void abort() {
            aborted = true;
            Thread running = coordinator;
            if (running != null) {
                running.interrupt();
                try {
                    running.join(Duration.ofSeconds(15));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void dropRebuildSchema() {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + target.schema() + " cascade");
            } catch (SQLException e) {
                log.warn("could not drop schema {}: {}", target.schema(), e.toString());
            }
        }

        private Consumer<Object, Object> metadataConsumer() {
            return consumers.createConsumer(null, "projection-rebuild", "-metadata", new Properties());
        }

        private Consumer<Object, Object> replayConsumer() {
            Properties overrides = new Properties();
            overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize());
            overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
            overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            return consumers.createConsumer(null, "projection-rebuild", null, overrides);
        }

        private long remaining() {
            return end.entrySet().stream()
                    .mapToLong(e -> Math.max(0, e.getValue() - position.getOrDefault(e.getKey(), 0L))).sum();
        }

        /** The rate over the last five seconds. */
        private synchronized void sample() {
            long now = System.nanoTime();
            long count = done.sum();
            samples.addLast(new long[] {now, count});
            while (samples.size() > 2 && now - samples.peekFirst()[0] > Duration.ofSeconds(5).toNanos()) {
                samples.removeFirst();
            }
            long[] first = samples.peekFirst();
            double seconds = (now - first[0]) / 1e9;
            double sinceStart = Duration.between(startedAt, Instant.now()).toNanos() / 1e9;
            // too short a window says nothing yet: the average since the start until it fills
            rate = seconds >= 1 ? (count - first[1]) / seconds : sinceStart > 0 ? count / sinceStart : 0;
        }

        RebuildProgress progress() {
            sample();
            return snapshot("RUNNING", phase, null, null);
        }

        private RebuildProgress snapshot(String state, String phase, Instant finishedAt, String message) {
            long total = 0;
            long reached = 0;
            Map<TopicPartition, Long> ends = new HashMap<>(end);
            for (var e : ends.entrySet()) {
                long from = begin.getOrDefault(e.getKey(), 0L);
                total += Math.max(0, e.getValue() - from);
                reached += Math.max(0, Math.min(e.getValue(), position.getOrDefault(e.getKey(), from)) - from);
            }
            double percent = total == 0 ? ("PREPARING".equals(phase) ? 0 : 100) : 100.0 * reached / total;
            long left = Math.max(0, total - reached);
            Long eta = left == 0 ? Long.valueOf(0) : rate > 0 ? Long.valueOf(Math.round(left / rate)) : null;
            return new RebuildProgress(state, phase, false, startedAt, finishedAt, done.sum(), total,
                    Math.round(percent * 10) / 10.0, Math.round(rate), eta, setAside.sum(), message);
        }
    }

    /** Unlocks before the connection goes back to the pool: the lock belongs to the session, not the transaction. */
    private static void release(Connection connection) {
        if (connection == null) {
            return;
        }
        try (connection; PreparedStatement s = connection.prepareStatement("select pg_advisory_unlock_all()")) {
            s.execute();
        } catch (SQLException e) {
            log.debug("releasing the rebuild lock: {}", e.toString());
        }
    }
}
