package id.reklame.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import id.reklame.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Who may do what: every endpoint, called by every role and without a token, on an application of the
 * applicant's own and (as another applicant) on someone else's, answers exactly the status in its cell. The
 * matrix runs through the ingress and again straight against each service, which checks on its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorisationMatrixTest {

    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    /** The callers of every row, in the order of its expected statuses. */
    enum Caller {
        NO_TOKEN(null),
        OWNER(TestTokens.bearer("APPLICANT", "applicant-a")),
        OTHER_APPLICANT(TestTokens.bearer("APPLICANT", "applicant-b")),
        OFFICER(TestTokens.bearer("OFFICER", "officer-a")),
        PAYMENT_GATEWAY(TestTokens.bearer("PAYMENT_GATEWAY", "gateway-a")),
        OPERATOR(TestTokens.bearer("OPERATOR", "operator-a"));

        final String authorization;

        Caller(String authorization) {
            this.authorization = authorization;
        }
    }

    /** Where a request goes: through the ingress, or straight to the service that answers it. */
    enum Route {
        INGRESS, SERVICE
    }

    /** A request to send; {@code base} picks the service's own address when sent straight to it. */
    record Call(String method, Function<RunningSystem, String> service, String path, String body, Map<String, String> headers) {
    }

    /** Prepares a cell's call: afresh for each cell when the call changes the application. */
    @FunctionalInterface
    interface Prepare {
        Call call(Caller caller) throws Exception;
    }

    /** A row: what to call and the expected status for each caller. */
    record Row(String name, Prepare call, int... expected) {
    }

    private RunningSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger sites = new AtomicInteger();
    /** An application of applicant-a, assessed: the one rows that change nothing call. */
    private String assessed;

    @BeforeAll
    void startSystem() throws Exception {
        system = new RunningSystem("authz");
        assessed = submitted(DKI);
        awaitStatus(assessed, "ASSESSED");
    }

    @AfterAll
    void stopSystem() {
        system.close();
    }

    private List<Row> rows() {
        Function<RunningSystem, String> command = s -> s.command, query = s -> s.query, worker = s -> s.worker;
        Map<String, String> none = Map.of();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("POST /api/v1/applications",
                caller -> new Call("POST", command, "/api/v1/applications", DKI, none),
                401, 202, 202, 403, 403, 403));
        // the owner gets as far as the rule that an assessed application is no longer revised
        rows.add(new Row("PUT /api/v1/applications/{id}",
                caller -> new Call("PUT", command, "/api/v1/applications/" + assessed, DKI, Map.of("If-Match", "\"2\"")),
                401, 409, 404, 403, 403, 403));
        rows.add(new Row("POST /api/v1/applications/{id}/withdrawal",
                caller -> new Call("POST", command, "/api/v1/applications/" + submitted(DKI) + "/withdrawal",
                        "{\"reason\": \"no longer needed\"}", none),
                401, 202, 404, 403, 403, 403));
        rows.add(new Row("POST /api/v1/applications/{id}/payments", caller -> {
            String id = submitted(DKI);
            String billingCode = JsonPath.read(awaitStatus(id, "ASSESSED"), "$.assessment.billingCode");
            return new Call("POST", command, "/api/v1/applications/" + id + "/payments", """
                    {"billingCode": "%s", "amount": 7500000, "paidAt": "2026-01-05T03:00:00Z", "reference": "%s"}"""
                    .formatted(billingCode, "BANK-" + id), none);
        }, 401, 403, 403, 403, 202, 403));
        // the owner gets as far as the rule that only an issued permit is renewed
        rows.add(new Row("POST /api/v1/applications/{id}/renewal",
                caller -> new Call("POST", command, "/api/v1/applications/" + assessed + "/renewal", "{}", none),
                401, 409, 404, 403, 403, 403));
        rows.add(new Row("GET /api/v1/applications/{id}",
                caller -> new Call("GET", query, "/api/v1/applications/" + assessed, null, none),
                401, 200, 404, 200, 403, 403));
        rows.add(new Row("GET /api/v1/applications/{id}?minVersion=2",
                caller -> new Call("GET", query, "/api/v1/applications/" + assessed + "?minVersion=2", null, none),
                401, 200, 409, 200, 403, 403));
        rows.add(new Row("GET /api/v1/applications/{id}/history",
                caller -> new Call("GET", query, "/api/v1/applications/" + assessed + "/history", null, none),
                401, 200, 404, 200, 403, 403));
        rows.add(new Row("GET /api/v1/applications",
                caller -> new Call("GET", query, "/api/v1/applications?size=100", null, none),
                401, 200, 200, 200, 403, 403));
        rows.add(new Row("GET /api/v1/stats",
                caller -> new Call("GET", query, "/api/v1/stats", null, none),
                401, 403, 403, 200, 403, 403));
        rows.add(new Row("GET /api/v1/permits/{permitNumber}",
                caller -> new Call("GET", query, "/api/v1/permits/IPR-RKL/2099/000001", null, none),
                404, 404, 404, 404, 404, 404));
        rows.add(new Row("POST /api/v1/tax-estimates",
                caller -> new Call("POST", worker, "/api/v1/tax-estimates", ESTIMATE, none),
                200, 200, 200, 200, 200, 200));
        rows.add(new Row("GET /actuator/health",
                caller -> new Call("GET", query, "/actuator/health", null, none),
                200, 200, 200, 200, 200, 200));
        return rows;
    }

    /** The read models' administration: on the service's own port only, for operators only. */
    private List<Row> administration() {
        Function<RunningSystem, String> query = s -> s.query;
        Map<String, String> none = Map.of();
        return List.of(
                new Row("GET /admin/projections/gaps",
                        caller -> new Call("GET", query, "/admin/projections/gaps", null, none), 401, 403, 403, 403, 403, 200),
                new Row("GET /admin/projections/checksum",
                        caller -> new Call("GET", query, "/admin/projections/checksum", null, none), 401, 403, 403, 403, 403, 200),
                new Row("GET /admin/projections/rebuild",
                        caller -> new Call("GET", query, "/admin/projections/rebuild", null, none), 401, 403, 403, 403, 403, 200),
                // an operator's POST would start a rebuild: that it may is the read models' own test
                new Row("POST /admin/projections/rebuild",
                        caller -> new Call("POST", query, "/admin/projections/rebuild", null, none), 401, 403, 403, 403, 403, -1),
                new Row("GET /actuator/prometheus",
                        caller -> new Call("GET", query, "/actuator/prometheus", null, none), 200, 200, 200, 200, 200, 200));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEachCallerWithTheStatusOfItsCell() {
        List<DynamicTest> cells = new ArrayList<>();
        for (Route route : Route.values()) {
            for (Row row : rows()) {
                cells.addAll(cells(route, row));
            }
        }
        for (Row row : administration()) {
            cells.addAll(cells(Route.SERVICE, row));
            // through the ingress there is nothing there, with or without a token
            cells.addAll(cells(Route.INGRESS, new Row(row.name(), row.call(), row.name().startsWith("GET /actuator")
                    ? new int[] {404, 404, 404, 404, 404, 404} : new int[] {401, 404, 404, 404, 404, 404})));
        }
        return cells.stream();
    }

    private List<DynamicTest> cells(Route route, Row row) {
        List<DynamicTest> cells = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            int expected = row.expected()[caller.ordinal()];
            if (expected < 0) {
                continue;
            }
            cells.add(DynamicTest.dynamicTest("%s via %s as %s -> %d".formatted(row.name(), route, caller, expected), () -> {
                HttpResponse<String> response = send(route, caller, row.call().call(caller));

                assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
                if (expected >= 400) {
                    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                }
                if (expected == 401) {
                    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
                }
            }));
        }
        return cells;
    }

    @Test
    void anotherApplicantsApplicationIsAnsweredExactlyAsAnUnknownOne() throws Exception {
        for (Route route : Route.values()) {
            String unknown = "00000000-0000-4000-8000-000000000000";
            for (String path : List.of("/api/v1/applications/%s", "/api/v1/applications/%s/history")) {
                HttpResponse<String> other = send(route, Caller.OTHER_APPLICANT,
                        new Call("GET", s -> s.query, path.formatted(assessed), null, Map.of()));
                HttpResponse<String> missing = send(route, Caller.OTHER_APPLICANT,
                        new Call("GET", s -> s.query, path.formatted(unknown), null, Map.of()));

                assertThat(other.statusCode()).isEqualTo(missing.statusCode()).isEqualTo(404);
                assertThat(other.body().replace(assessed, "ID")).isEqualTo(missing.body().replace(unknown, "ID"));
            }
            HttpResponse<String> other = send(route, Caller.OTHER_APPLICANT, new Call("POST", s -> s.command,
                    "/api/v1/applications/" + assessed + "/withdrawal", "{\"reason\": \"x\"}", Map.of()));
            HttpResponse<String> missing = send(route, Caller.OTHER_APPLICANT, new Call("POST", s -> s.command,
                    "/api/v1/applications/" + unknown + "/withdrawal", "{\"reason\": \"x\"}", Map.of()));
            assertThat(other.statusCode()).isEqualTo(missing.statusCode()).isEqualTo(404);
            assertThat(other.body().replace(assessed, "ID")).isEqualTo(missing.body().replace(unknown, "ID"));
        }
    }

    @Test
    void anApplicantsListShowsOnlyItsOwnApplications() throws Exception {
        String others = submittedBy(Caller.OTHER_APPLICANT, DKI);
        awaitStatus(others, "ASSESSED");

        for (Caller caller : List.of(Caller.OWNER, Caller.OTHER_APPLICANT)) {
            String subject = caller == Caller.OWNER ? "applicant-a" : "applicant-b";
            HttpResponse<String> page = send(Route.INGRESS, caller,
                    new Call("GET", s -> s.query, "/api/v1/applications?size=100", null, Map.of()));
            List<String> owners = JsonPath.read(page.body(), "$.content[*].owner");

            assertThat(owners).isNotEmpty().containsOnly(subject);
            assertThat(JsonPath.<Integer>read(page.body(), "$.totalElements")).isEqualTo(owners.size());
        }
        HttpResponse<String> all = send(Route.INGRESS, Caller.OFFICER,
                new Call("GET", s -> s.query, "/api/v1/applications?size=100", null, Map.of()));
        assertThat(JsonPath.<List<String>>read(all.body(), "$.content[*].owner")).contains("applicant-a", "applicant-b");
    }

    private HttpResponse<String> send(Route route, Caller caller, Call call) throws Exception {
        String base = route == Route.INGRESS ? system.ingress : call.service().apply(system);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path()))
                .timeout(Duration.ofSeconds(20))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        if (call.body() != null) {
            request.header("Content-Type", "application/json");
        }
        if (caller.authorization != null) {
            request.header("Authorization", caller.authorization);
        }
        call.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String submitted(String form) throws Exception {
        return submittedBy(Caller.OWNER, form);
    }

    /**
     * Submits the form at a site of its own, about 110 m south of the last one and far from every prohibited
     * zone: two applications within 10 m of each other would not both be assessed.
     */
    private String submittedBy(Caller caller, String form) throws Exception {
        String atItsOwnSite = JsonPath.parse(form)
                .set("$.location.latitude", -9.0 - 0.001 * sites.incrementAndGet()).jsonString();
        HttpResponse<String> response = send(Route.SERVICE, caller,
                new Call("POST", s -> s.command, "/api/v1/applications", atItsOwnSite, Map.of()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JsonPath.read(response.body(), "$.applicationId");
    }

    /** The view once the worker's decision reached it, as an officer reads it. */
    private String awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> view = send(Route.SERVICE, Caller.OFFICER,
                    new Call("GET", s -> s.query, "/api/v1/applications/" + id, null, Map.of()));
            return view.statusCode() == 200 ? view.body() : null;
        }, body -> body != null && status.equals(JsonPath.read(body, "$.status")));
    }

    private static final String DKI = SubmissionToAssessedViewTest.dkiExample();

    private static final String ESTIMATE = JsonPath.parse(DKI).delete("$.applicant").jsonString();
}
