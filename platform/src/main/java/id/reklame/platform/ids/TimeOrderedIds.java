package id.reklame.platform.ids;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Identifiers that start with the millisecond they were made in, so the rows they key land next to each other in
 * PostgreSQL's B-tree indexes. A random identifier puts every insert on a random index page: once the indexes
 * outgrow the buffer cache, each insert reads a page, and after each checkpoint writes a whole page to the WAL.
 *
 * <ul>
 *   <li>{@link #next()} is a version-7 UUID (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits, as
 *       unguessable as a random UUID.</li>
 *   <li>{@link #derived(UUID, String)} is the same name always giving the same identifier, for ids that must come
 *       out the same when a message is redelivered. It keeps the time of the identifier it is derived from.</li>
 * </ul>
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    /** A new version-7 UUID for the current time. */
    public static UUID next() {
        return next(Clock.systemUTC());
    }

    static UUID next(Clock clock) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        ByteBuffer bytes = ByteBuffer.wrap(random);
        long high = (clock.millis() << 16) | 0x7000 | (bytes.getShort() & 0x0fff);
        long low = (bytes.getLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /**
     * The identifier for {@code name}, made from something identified by {@code source}. The same pair always gives
     * the same identifier. When {@code source} starts with its time (version 7, or version 8 made here), the result
     * is a version-8 UUID with that time and 74 bits of the name's SHA-256. Otherwise it is the name-based UUID
     * {@link UUID#nameUUIDFromBytes} gives, as every identifier was derived before ids were ordered by time, so an
     * older message that is redelivered still maps to the identifier it was first given.
     */
    public static UUID derived(UUID source, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (!startsWithTime(source)) {
            return UUID.nameUUIDFromBytes(bytes);
        }
        ByteBuffer hash = ByteBuffer.wrap(sha256(bytes));
        long high = (source.getMostSignificantBits() & 0xffffffffffff0000L) | 0x8000 | (hash.getShort() & 0x0fff);
        long low = (hash.getLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    private static boolean startsWithTime(UUID id) {
        return id.variant() == 2 && (id.version() == 7 || id.version() == 8);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
