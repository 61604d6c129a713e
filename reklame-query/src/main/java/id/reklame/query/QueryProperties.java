package id.reklame.query;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param minVersionWait how long {@code ?minVersion=N} waits for the view to catch up before answering 409
 * @param maxPageSize    the largest page a search may ask for
 * @param rebuild        how a rebuild of the read models runs
 */
@ConfigurationProperties("reklame.query")
@Validated
public record QueryProperties(Duration minVersionWait, @Positive Integer maxPageSize, @Valid Rebuild rebuild) {

    public QueryProperties {
        minVersionWait = minVersionWait == null ? Duration.ofSeconds(2) : minVersionWait;
        maxPageSize = maxPageSize == null ? 100 : maxPageSize;
        rebuild = rebuild == null ? new Rebuild(null, null, null, null, null) : rebuild;
    }

    /**
     * @param workers       consumers reading the topic in parallel, each with its share of the partitions
     * @param batchSize     records per poll and per transaction
     * @param switchLag     records left to read, in all, under which the rebuild switches over
     * @param switchTimeout how long the switch may hold the live read models' writers back
     * @param cachedViews   views each worker keeps in memory rather than read back from the database
     */
    public record Rebuild(@Positive Integer workers, @Positive Integer batchSize, @PositiveOrZero Long switchLag,
                          Duration switchTimeout, @PositiveOrZero Integer cachedViews) {

        public Rebuild {
            cachedViews = cachedViews == null ? 25_000 : cachedViews;
            workers = workers == null ? 2 : workers;
            batchSize = batchSize == null ? 5000 : batchSize;
            switchLag = switchLag == null ? 5000L : switchLag;
            switchTimeout = switchTimeout == null ? Duration.ofSeconds(30) : switchTimeout;
        }
    }
}
