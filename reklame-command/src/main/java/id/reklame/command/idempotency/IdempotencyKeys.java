package id.reklame.command.idempotency;

import id.reklame.command.handling.CommandProblems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code Idempotency-Key}: the first request with a key is handled and its answer stored, in the same
 * transaction; a repeat with the same request gets that answer again, one with a different request a
 * 422. The key is claimed by inserting it (a primary key, not a look-up first), so concurrent repeats
 * wait for the first to commit and then read its answer. Keys expire after a configurable time.
 */
@Repository
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{1,255}"); // visible ASCII

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final IdempotencyProperties properties;

    public IdempotencyKeys(JdbcClient jdbc, TransactionTemplate transaction, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.properties = properties;
    }

    /**
     * Answers a request sent with {@code key}: the recorded answer if this request was handled before,
     * else {@code handler}'s, recorded in the handler's own transaction.
     *
     * @param caller  whose key it is: callers' keys never meet, so no one is answered with another's response
     * @param request what identifies the request besides the key (method, path and body)
     */
    public RecordedResponse once(String caller, String callerKey, String request, Supplier<RecordedResponse> handler) {
        if (!ACCEPTABLE.matcher(callerKey).matches()) {
            throw CommandProblems.badRequest(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String key = storedKey(caller, callerKey);
        String fingerprint = sha256(request);
        return transaction.execute(status -> {
            if (claim(key, fingerprint)) {
                RecordedResponse response = handler.get();
                jdbc.sql("""
                                update idempotency_key set response_status = ?, response_body = ?, location = ?, etag = ?
                                where idempotency_key = ?""")
                        .params(response.status(), response.body(), response.location(), response.etag(), key)
                        .update();
                return response;
            }
            return earlier(key, fingerprint);
        });
    }

    /** The key as stored: the caller's own, prefixed by who the caller is (its length first, so none collide). */
    public static String storedKey(String caller, String callerKey) {
        return caller.length() + ":" + caller + ":" + callerKey;
    }

    /** True when this request now owns the key: new, or held by an expired request. */
    private boolean claim(String key, String fingerprint) {
        return !jdbc.sql("""
                        insert into idempotency_key (idempotency_key, fingerprint) values (?, ?)
                        on conflict (idempotency_key) do update
                            set fingerprint = excluded.fingerprint, created_at = now(), response_status = null,
                                response_body = null, location = null, etag = null
                            where idempotency_key.created_at < now() - make_interval(secs => ?)
                        returning idempotency_key""")
                .params(key, fingerprint, properties.expiry().toSeconds())
                .query(String.class).list().isEmpty();
    }

    private RecordedResponse earlier(String key, String fingerprint) {
        record Earlier(String fingerprint, RecordedResponse response) {
        }
        Optional<Earlier> earlier = jdbc.sql("""
                        select fingerprint, response_status, response_body, location, etag
                        from idempotency_key where idempotency_key = ?""")
                .param(key)
                .query((rs, n) -> new Earlier(rs.getString("fingerprint"), new RecordedResponse(
                        rs.getInt("response_status"), rs.getString("response_body"), rs.getString("location"),
                        rs.getString("etag"))))
                .optional();
        if (earlier.isEmpty()) {
            // claimed and expired-and-deleted between our two statements: vanishingly rare, safe to retry
            throw CommandProblems.problem(HttpStatus.CONFLICT, "Try again", "The Idempotency-Key changed hands; send the request again");
        }
        if (!earlier.get().fingerprint().equals(fingerprint)) {
            throw CommandProblems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request; use a new key for a new request");
        }
        return earlier.get().response();
    }

    /** Forgets keys older than the expiry. */
    @Scheduled(fixedDelayString = "${reklame.idempotency.cleanup-interval:PT10M}",
            initialDelayString = "${reklame.idempotency.cleanup-interval:PT10M}")
    public int deleteExpired() {
        int deleted = jdbc.sql("delete from idempotency_key where created_at < now() - make_interval(secs => ?)")
                .param(properties.expiry().toSeconds())
                .update();
        if (deleted > 0) {
            log.info("forgot {} idempotency keys older than {}", deleted, properties.expiry());
        }
        return deleted;
    }

    private static String sha256(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
