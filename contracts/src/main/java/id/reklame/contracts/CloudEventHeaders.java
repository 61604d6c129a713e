package id.reklame.contracts;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as {@code ce_}
 * headers (UTF-8 strings), the record value is the event's data as JSON.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    /** Extension attribute: the application version the event produced or was decided on. */
    public static final String SEQUENCE = "ce_sequence";
    public static final String CONTENT_TYPE = "content-type";
    /** W3C trace context. */
    public static final String TRACEPARENT = "traceparent";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    public static final String COMMAND_SOURCE = "/reklame-command";
    public static final String WORKER_SOURCE = "/permit-worker";

    private CloudEventHeaders() {
    }
}
