package id.reklame.ingress.edge;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.StringUtils;

/**
 * Which requests may be sent to a service a second time: reads ({@code GET}, {@code HEAD}) and a {@code POST} that
 * carries an {@code Idempotency-Key}, which reklame-command answers once however often it arrives. A plain
 * {@code POST} or a {@code PUT} is never repeated: the first attempt may have been applied even though its answer
 * was lost.
 */
public final class RetrySafety {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private RetrySafety() {
    }

    public static boolean allowsRetry(HttpServletRequest request) {
        return switch (request.getMethod()) {
            case "GET", "HEAD" -> true;
            case "POST" -> StringUtils.hasText(request.getHeader(IDEMPOTENCY_KEY));
            default -> false;
        };
    }

}
