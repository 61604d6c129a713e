package id.reklame.ingress;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Base URLs of the services behind the ingress, bound from {@code reklame.ingress.upstreams.*} (environment:
 * {@code REKLAME_COMMAND_URL}, {@code REKLAME_QUERY_URL}, {@code PERMIT_WORKER_URL}).
 * <p>
 * Checked when the application starts, so a typo in a deploy fails fast instead of turning every request into a
 * gateway error. Only scheme, host and port are used: the gateway keeps the caller's path, so a base URL with a
 * path would be silently ignored and is rejected instead.
 *
 * @param command reklame-command, e.g. {@code http://localhost:8081}
 * @param query reklame-query, e.g. {@code http://localhost:8082}
 * @param worker permit-worker, e.g. {@code http://localhost:8083}
 */
@Validated
@ConfigurationProperties("reklame.ingress.upstreams")
public record UpstreamProperties(
        @NotBlank @Pattern(regexp = BASE_URL, message = BASE_URL_MESSAGE) String command,
        @NotBlank @Pattern(regexp = BASE_URL, message = BASE_URL_MESSAGE) String query,
        @NotBlank @Pattern(regexp = BASE_URL, message = BASE_URL_MESSAGE) String worker) {

    static final String BASE_URL = "https?://[^/?#\\s:]+(:\\d{1,5})?/?";

    static final String BASE_URL_MESSAGE = "must be an http(s) base URL with no path, e.g. http://localhost:8081";

}
