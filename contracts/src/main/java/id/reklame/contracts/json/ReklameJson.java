package id.reklame.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the project's messages: ISO-8601 dates and instants, exact decimals
 * written plainly, absent optional fields left out, and tolerant reading (a consumer ignores
 * fields added to an event version after it was built).
 */
public final class ReklameJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    /** The shared, immutable mapper for events and decisions. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Applies the project's settings to a builder (services use it to shape Spring's own mapper). */
    public static <B extends MapperBuilder<?, ?>> B configure(B builder) {
        builder.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL));
        return builder;
    }

    private ReklameJson() {
    }
}
