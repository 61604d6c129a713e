package id.reklame.ingress.upstream;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The services behind the ingress, bound from {@code reklame.ingress.upstreams.*}: each one's instances (environment:
 * {@code REKLAME_COMMAND_URL}, {@code REKLAME_QUERY_URL}, {@code PERMIT_WORKER_URL}, each a comma-separated list of
 * base URLs) and how long and how many calls to it may take.
 * <p>
 * Checked when the application starts, so a typo in a deploy fails fast instead of turning every request into a
 * gateway error. Only scheme, host and port of an instance are used: the gateway keeps the caller's path, so a base
 * URL with a path would be silently ignored and is rejected instead.
 *
 * @param command reklame-command, e.g. {@code http://localhost:8081}
 * @param query reklame-query, e.g. {@code http://localhost:8082}
 * @param worker permit-worker, e.g. {@code http://localhost:8083}
 */
@Validated
@ConfigurationProperties("reklame.ingress.upstreams")
public record UpstreamProperties(@Valid @NotNull Service command, @Valid @NotNull Service query,
        @Valid @NotNull Service worker) {

    static final String BASE_URL = "https?://[^/?#\\s:,]+(:\\d{1,5})?/?";

    static final String BASE_URL_MESSAGE = "must be an http(s) base URL with no path, e.g. http://localhost:8081";

    /**
     * One service.
     *
     * @param instances its instances' base URLs, tried in turn
     * @param connectTimeout how long connecting to an instance may take before the call counts as timed out
     * @param responseTimeout how long an instance may stay silent, before its answer starts or in the middle of it,
     * before the call counts as timed out (a long answer that keeps coming is never cut off)
     * @param maxConcurrentCalls calls to the service in flight at once; one more is refused with 503
     */
    public record Service(@NotEmpty List<@NotBlank @Pattern(regexp = BASE_URL, message = BASE_URL_MESSAGE) String> instances,
            @DefaultValue("2s") @NotNull Duration connectTimeout, @DefaultValue("10s") @NotNull Duration responseTimeout,
            @DefaultValue("200") @Positive int maxConcurrentCalls) {

        public Service {
            // "http://a:8081, http://b:8081" is as good as without the spaces
            instances = instances == null ? List.of()
                    : instances.stream().map(String::strip).filter(url -> !url.isEmpty()).toList();
        }

    }

}
