package id.reklame.contracts;

import id.reklame.contracts.application.*;
import id.reklame.contracts.decision.*;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Optional;

/**
 * The CloudEvents {@code ce_type} of every event version, and the record it maps to. The one
 * place a type string is spelt; consumers look records up here by the header they receive.
 */
public final class EventTypes {

    /** {@code <name>.v<version>}, as every ce_type is spelt. */
    private static final Pattern VERSIONED = Pattern.compile("(.+)\\.v([1-9]\\d{0,8})");
    private static final Map<Class<?>, String> TYPE_BY_CLASS = new LinkedHashMap<>();
    private static final Map<String, Class<?>> CLASS_BY_TYPE = new LinkedHashMap<>();

    static {
        application(ApplicationSubmitted.class, "submitted");
        application(ApplicationRevised.class, "revised");
        application(ApplicationWithdrawn.class, "withdrawn");
        application(ApplicationAssessed.class, "assessed");
        application(RevisionRequested.class, "revision.requested");
        application(ApplicationRejected.class, "rejected");
        application(PaymentReceived.class, "payment.received");
        application(PaymentRejected.class, "payment.rejected");
        application(PermitIssued.class, "permit.issued");
        application(PermitExpired.class, "permit.expired");

        decision(AssessedDecision.class, "assessed");
        decision(RevisionRequiredDecision.class, "revision.required");
        decision(RejectedDecision.class, "rejected");
        decision(PaymentAcceptedDecision.class, "payment.accepted");
        decision(PaymentRejectedDecision.class, "payment.rejected");
        decision(ExpiredDecision.class, "expired");
    }

    private static void application(Class<? extends ApplicationEvent> type, String name) {
        register(type, "id.reklame.application." + name + ".v1");
    }

    private static void decision(Class<? extends PermitDecision> type, String name) {
        register(type, "id.reklame.decision." + name + ".v1");
    }

    private static void register(Class<?> type, String ceType) {
        TYPE_BY_CLASS.put(type, ceType);
        CLASS_BY_TYPE.put(ceType, type);
    }

    /** The {@code ce_type} of an event or decision record. */
    public static String typeOf(Object event) {
        String type = TYPE_BY_CLASS.get(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException("not a published event: " + event.getClass().getName());
        }
        return type;
    }

    /** The record class for a {@code ce_type}, if this version of the contracts knows it. */
    public static Optional<Class<?>> classOf(String ceType) {
        return Optional.ofNullable(CLASS_BY_TYPE.get(ceType));
    }

    /**
     * Whether {@code ceType} is a later version ({@code .v2} while this build knows {@code .v1}) of a type of
     * {@code stream} that this version of the contracts knows: such a version is published alongside the old
     * one (docs/events.md), so a consumer skips it. Any other unknown type is a record that does not belong.
     */
    public static boolean isLaterVersionOfKnown(String ceType, Class<?> stream) {
        Matcher versioned = VERSIONED.matcher(ceType);
        if (!versioned.matches()) {
            return false;
        }
        String name = versioned.group(1);
        long version = Long.parseLong(versioned.group(2));
        return CLASS_BY_TYPE.entrySet().stream()
                .filter(known -> stream.isAssignableFrom(known.getValue()))
                .map(known -> VERSIONED.matcher(known.getKey()))
                .anyMatch(known -> known.matches() && known.group(1).equals(name) && Long.parseLong(known.group(2)) < version);
    }

    /** Every known {@code ce_type}, in declaration order. */
    public static Map<String, Class<?>> all() {
        return Collections.unmodifiableMap(CLASS_BY_TYPE);
    }

    private EventTypes() {
    }
}
