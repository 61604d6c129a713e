package id.reklame.worker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The worker's own settings ({@code reklame.worker.*}), checked at start.
 *
 * @param billingPrefix        the region code that starts every billing code: 4 digits
 * @param referenceDataRefresh how often tariffs, zones and limits are read again
 * @param publishTimeout       how long the broker may take to acknowledge a poll's decisions
 * @param expiry               the daily expiry of issued permits
 */
@ConfigurationProperties("reklame.worker")
@Validated
public record WorkerProperties(@Pattern(regexp = "\\d{4}", message = "must be 4 digits") String billingPrefix,
                               Duration referenceDataRefresh, Duration publishTimeout, @Valid Expiry expiry) {

    public WorkerProperties {
        billingPrefix = billingPrefix == null ? "3578" : billingPrefix;
        referenceDataRefresh = referenceDataRefresh == null ? Duration.ofMinutes(1) : referenceDataRefresh;
        publishTimeout = publishTimeout == null ? Duration.ofSeconds(30) : publishTimeout;
        expiry = expiry == null ? new Expiry(null, null) : expiry;
    }

    /**
     * @param cron      when permits past their end are expired (Asia/Jakarta); "-" switches it off on an instance
     * @param batchSize permits expired per transaction
     */
    public record Expiry(String cron, @Positive Integer batchSize) {
        public Expiry {
            cron = cron == null ? "0 5 0 * * *" : cron;
            batchSize = batchSize == null ? 500 : batchSize;
        }
    }
}
