package id.reklame.query.view;

import id.reklame.contracts.model.ReklameType;
import id.reklame.contracts.model.RoadClass;
import id.reklame.platform.web.ProblemDetailsAdvice.FieldProblem;
import id.reklame.platform.web.StorableText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A validated search of the application views: filters, one page, and an order over documented
 * fields only.
 */
public record ApplicationSearch(String status, String type, String district, String roadClass, int page, int size,
                                List<Order> orders) {

    public static final Set<String> STATUSES = Set.of("SUBMITTED", "ASSESSED", "REVISION_REQUIRED", "REJECTED",
            "WITHDRAWN", "PAYMENT_REJECTED", "ISSUED", "EXPIRED");

    /** The fields a search may be sorted on, and the column each one is. */
    public static final Map<String, String> SORTABLE = sortable();

    public static final int DEFAULT_SIZE = 20;

    public record Order(String field, boolean descending) {

        String column() {
            return SORTABLE.get(field);
        }
    }

    private static Map<String, String> sortable() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("submittedAt", "submitted_at");
        fields.put("updatedAt", "updated_at");
        fields.put("status", "status");
        fields.put("type", "reklame_type");
        fields.put("district", "district");
        fields.put("roadClass", "road_class");
        fields.put("version", "version");
        return java.util.Collections.unmodifiableMap(fields);
    }

    /**
     * Reads the query parameters, naming every bad one at once in a 400 problem.
     *
     * @throws ErrorResponseException 400 with an {@code errors} array
     */
    public static ApplicationSearch parse(String status, String type, String district, String roadClass, String page,
                                          String size, List<String> sort, int maxSize) {
        List<FieldProblem> errors = new ArrayList<>();
        if (status != null && !STATUSES.contains(status)) {
            errors.add(new FieldProblem("status", "must be one of " + sorted(STATUSES)));
        }
        if (type != null && Arrays.stream(ReklameType.values()).noneMatch(t -> t.name().equals(type))) {
            errors.add(new FieldProblem("type", "must be one of " + sorted(names(ReklameType.values()))));
        }
        if (roadClass != null && Arrays.stream(RoadClass.values()).noneMatch(r -> r.name().equals(roadClass))) {
            errors.add(new FieldProblem("roadClass", "must be one of " + sorted(names(RoadClass.values()))));
        }
        if (district != null && (district.isBlank() || district.length() > 100)) {
            errors.add(new FieldProblem("district", "must be 1 to 100 characters"));
        } else if (district != null && StorableText.problem(district) != null) {
            // PostgreSQL refuses such text outright: a 500 for the client's own mistake
            errors.add(new FieldProblem("district", "must not contain NUL or unpaired surrogate characters"));
        }
        int pageNumber = integer("page", page, 0, 0, Integer.MAX_VALUE / maxSize, errors);
        int pageSize = integer("size", size, DEFAULT_SIZE, 1, maxSize, errors);
        List<Order> orders = new ArrayList<>();
        for (String s : sort == null ? List.<String>of() : sort) {
            String[] parts = s.split(",", -1);
            String field = parts[0].strip();
            String direction = parts.length > 1 ? parts[1].strip().toLowerCase(java.util.Locale.ROOT) : "asc";
            if (!SORTABLE.containsKey(field)) {
                errors.add(new FieldProblem("sort", "'" + field + "' cannot be sorted on; sort on one of "
                        + String.join(", ", SORTABLE.keySet())));
            } else if (parts.length > 2 || !(direction.equals("asc") || direction.equals("desc"))) {
                errors.add(new FieldProblem("sort", "must be <field> or <field>,asc or <field>,desc"));
            } else {
                orders.add(new Order(field, direction.equals("desc")));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        if (orders.isEmpty()) {
            orders.add(new Order("submittedAt", true));
        }
        return new ApplicationSearch(status, type, district, roadClass, pageNumber, pageSize, List.copyOf(orders));
    }

    private static int integer(String field, String value, int fallback, int min, int max, List<FieldProblem> errors) {
        if (value == null) {
            return fallback;
        }
        Long number = wholeNumber(value);
        if (number != null && number >= min && number <= max) {
            return number.intValue();
        }
        errors.add(new FieldProblem(field, "must be a whole number from " + min + " to " + max));
        return fallback;
    }

    /**
     * A whole number in ASCII digits that a long holds, or null: Java and Spring would also read other
     * scripts' digits ("١٢") and, for a Long parameter, hexadecimal ("0x10").
     */
    public static Long wholeNumber(String value) {
        String text = value.strip();
        if (!text.matches("-?[0-9]{1,19}")) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** 400 problem details naming every bad query parameter in an {@code errors} array. */
    static ErrorResponseException invalid(List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.size() + " query parameter(s) are invalid");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().collect(Collectors.joining(", "));
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toSet());
    }
}
