package id.reklame.command;

import static id.reklame.command.support.CommandApi.FORM;
import static id.reklame.command.support.CommandApi.id;
import static id.reklame.command.support.CommandApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.command.eventstore.EventStore;
import id.reklame.command.eventstore.StoredEvent;
import id.reklame.command.support.CommandApi;
import id.reklame.command.support.History;
import id.reklame.command.support.MutableClock;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationRevised;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.application.ApplicationWithdrawn;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.contracts.model.Period;
import id.reklame.testsupport.RealInfrastructureTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Every command of api.md against the real service, database and broker: status codes, headers, stored events. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=reklame-command")
@RealInfrastructureTest
class CommandsTest {

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    EventStore store;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    CommandApi api;
    History history;

    @BeforeEach
    void setUp() {
        api = new CommandApi(port);
        history = new History(store, transaction);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private List<ApplicationEvent> events(UUID id) {
        return store.load(id).stream().map(StoredEvent::event).toList();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
    }

    // --- submission --------------------------------------------------------------------------------

    @Test
    void submissionIsAcceptedWithItsLocationAndVersionOneAsETag() {
        HttpResponse<String> response = api.submit(FORM);

        assertThat(response.statusCode()).isEqualTo(202);
        UUID id = id(response);
        assertThat(json(response).get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(json(response).get("version").asLong()).isEqualTo(1);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/applications/" + id);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(events(id)).singleElement().isInstanceOf(ApplicationSubmitted.class);
    }

    @Test
    void wrongContentTypeIs415AndNothingIsStored() {
        long before = jdbc.sql("select count(*) from event_store").query(Long.class).single();

        HttpResponse<String> response = api.submit(FORM, "Content-Type", "text/plain");

        assertProblem(response, 415);
        assertThat(jdbc.sql("select count(*) from event_store").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void bodyOver64KiBIs413() {
        String huge = FORM.replace("\"Kopi Nusantara\"", "\"" + "x".repeat(70 * 1024) + "\"");

        assertProblem(api.submit(huge), 413);
    }

    @Test
    void wrongTypeAndUnknownFieldAreBadRequestsNamingTheField() {
        HttpResponse<String> wrongType = api.submit(FORM.replace("\"sides\": 2", "\"sides\": \"two\""));
        HttpResponse<String> unknown = api.submit(FORM.replace("\"sides\": 2", "\"sides\": 2, \"colour\": \"red\""));

        assertProblem(wrongType, 400);
        assertThat(json(wrongType).at("/errors/0/field").asString()).isEqualTo("reklame.sides");
        assertProblem(unknown, 400);
        assertThat(json(unknown).at("/errors/0/field").asString()).isEqualTo("reklame.colour");
    }

    @Test
    void textPostgresCannotStoreIsABadRequestNotAServerError() {
        HttpResponse<String> response = api.submit(FORM.replace("\"Kopi Nusantara\"", "\"Kopi\\u0000Nusantara\""));

        assertProblem(response, 400);
        assertThat(json(response).at("/errors/0/field").asString()).isEqualTo("reklame.content");
    }

    @Test
    void everyFieldOutsideTheDomainBoundsIsNamed() {
        HttpResponse<String> response = api.submit(FORM
                .replace("\"widthM\": 4", "\"widthM\": 50.001")
                .replace("\"units\": 1", "\"units\": 1001")
                .replace("\"latitude\": -7.2756", "\"latitude\": -11.5")
                .replace("\"endDate\": \"2099-12-31\"", "\"endDate\": \"2098-12-31\""));

        assertProblem(response, 400);
        List<String> fields = json(response).get("errors").valueStream().map(e -> e.get("field").asString()).toList();
        assertThat(fields).contains("reklame.widthM", "reklame.units", "location.latitude", "period.endDateNotBeforeStartDate");
    }

    // --- revision ----------------------------------------------------------------------------------

    @Test
    void revisionWithTheCurrentVersionIsAcceptedAsTheNextVersion() {
        UUID id = api.submitted();

        HttpResponse<String> response = api.revise(id, CommandApi.revisedForm("Kopi Kenangan"), "If-Match", "\"1\"");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(json(response).get("version").asLong()).isEqualTo(2);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(events(id).get(1)).isInstanceOfSatisfying(ApplicationRevised.class,
                revised -> assertThat(revised.reklame().content()).isEqualTo("Kopi Kenangan"));
    }

    @Test
    void revisionWithoutIfMatchIs428() {
        UUID id = api.submitted();

        assertProblem(api.revise(id, FORM), 428);
        assertThat(events(id)).hasSize(1);
    }

    @Test
    void revisionWithAStaleVersionIs412() {
        UUID id = api.submitted();
        api.revise(id, FORM, "If-Match", "\"1\"");

        assertProblem(api.revise(id, FORM, "If-Match", "\"1\""), 412);
        assertThat(events(id)).hasSize(2);
    }

    @Test
    void revisionWithAnUnreadableIfMatchIs400() {
        UUID id = api.submitted();

        assertProblem(api.revise(id, FORM, "If-Match", "one"), 400);
    }

    @Test
    void revisionAfterAssessmentIsRejectedWith409() {
        UUID id = api.submitted();
        history.assessed(id);

        assertProblem(api.revise(id, FORM, "If-Match", "\"2\""), 409);
    }

    @Test
    void commandsOnAnUnknownApplicationAre404() {
        UUID unknown = UUID.randomUUID();

        assertProblem(api.revise(unknown, FORM, "If-Match", "\"1\""), 404);
        assertProblem(api.withdraw(unknown, "{\"reason\": \"x\"}"), 404);
        assertProblem(api.pay(unknown, payment("PAY-1")), 404);
        assertProblem(api.renew(unknown), 404);
    }

    @Test
    void anIdThatIsNoUuidIs400() {
        assertProblem(api.send("POST", "/api/v1/applications/not-a-uuid/withdrawal", "{\"reason\": \"x\"}"), 400);
    }

    // --- withdrawal --------------------------------------------------------------------------------

    @Test
    void withdrawalBeforeIssueIsAcceptedWithItsReason() {
        UUID id = api.submitted();
        history.assessed(id);

        HttpResponse<String> response = api.withdraw(id, "{\"reason\": \"site no longer rented\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(events(id).getLast()).isEqualTo(new ApplicationWithdrawn(id, "site no longer rented"));
    }

    @Test
    void withdrawalNeedsAReason() {
        UUID id = api.submitted();

        HttpResponse<String> response = api.withdraw(id, "{}");

        assertProblem(response, 400);
        assertThat(json(response).at("/errors/0/field").asString()).isEqualTo("reason");
    }

    @Test
    void withdrawalOfAnIssuedPermitOrAWithdrawnApplicationIs409() {
        UUID issued = api.submitted();
        history.issued(issued, LocalDate.of(2099, 1, 1), LocalDate.of(2099, 12, 31));
        UUID withdrawn = api.submitted();
        api.withdraw(withdrawn, "{\"reason\": \"first\"}");

        assertProblem(api.withdraw(issued, "{\"reason\": \"too late\"}"), 409);
        assertProblem(api.withdraw(withdrawn, "{\"reason\": \"again\"}"), 409);
    }

    @Test
    void withdrawalWithAStaleIfMatchIs412() {
        UUID id = api.submitted();
        history.assessed(id);

        assertProblem(api.withdraw(id, "{\"reason\": \"x\"}", "If-Match", "\"1\""), 412);
    }

    // --- payment -----------------------------------------------------------------------------------

    private static String payment(String reference) {
        return """
                {"billingCode": "%s", "amount": 7500000, "paidAt": "2099-01-20T03:15:00Z", "reference": "%s"}"""
                .formatted(History.BILLING_CODE, reference);
    }

    @Test
    void paymentOfAnAssessedApplicationIsRecordedForTheWorker() {
        UUID id = api.submitted();
        history.assessed(id);

        HttpResponse<String> response = api.pay(id, payment("BJTM-1"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).get("version").asLong()).isEqualTo(3);
        assertThat(events(id).getLast()).isEqualTo(new PaymentReceived(id, History.BILLING_CODE, 7_500_000,
                Instant.parse("2099-01-20T03:15:00Z"), "BJTM-1"));
    }

    @Test
    void repeatedPaymentReferenceIsA202ThatChangesNothing() {
        UUID id = api.submitted();
        history.assessed(id);
        api.pay(id, payment("BJTM-1"));

        HttpResponse<String> again = api.pay(id, payment("BJTM-1"));

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).get("version").asLong()).isEqualTo(3);
        assertThat(events(id)).hasSize(3);
    }

    @Test
    void paymentBeforeAssessmentIs409() {
        UUID id = api.submitted();

        assertProblem(api.pay(id, payment("BJTM-1")), 409);
        assertThat(events(id)).hasSize(1);
    }

    @Test
    void paymentAgainstAnotherBillingCodeIs409() {
        UUID id = api.submitted();
        history.assessed(id);

        assertProblem(api.pay(id, payment("BJTM-1").replace(History.BILLING_CODE, "111111111111111111")), 409);
    }

    @Test
    void paymentFieldsAreValidated() {
        UUID id = api.submitted();
        history.assessed(id);

        HttpResponse<String> response = api.pay(id, "{\"billingCode\": \"12\", \"amount\": 0, \"reference\": \" \"}");

        assertProblem(response, 400);
        List<String> fields = json(response).get("errors").valueStream().map(e -> e.get("field").asString()).toList();
        assertThat(fields).containsExactlyInAnyOrder("billingCode", "amount", "paidAt", "reference");
    }

    // --- renewal -----------------------------------------------------------------------------------

    private void today(LocalDate date) {
        clock.set(date.atTime(10, 0).atZone(java.time.ZoneId.of("Asia/Jakarta")).toInstant());
    }

    @Test
    void renewalWithinThirtyDaysOfTheEndIsANewApplicationForTheFollowingPeriod() {
        UUID permit = api.submitted();
        history.issued(permit, LocalDate.of(2099, 1, 1), LocalDate.of(2099, 12, 31));
        today(LocalDate.of(2099, 12, 1));

        HttpResponse<String> response = api.renew(permit);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID renewal = id(response);
        assertThat(renewal).isNotEqualTo(permit);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/applications/" + renewal);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(events(renewal)).singleElement().isInstanceOfSatisfying(ApplicationSubmitted.class, submitted -> {
            assertThat(submitted.renewalOf()).isEqualTo(permit);
            assertThat(submitted.period()).isEqualTo(new Period(LocalDate.of(2100, 1, 1), LocalDate.of(2100, 12, 31)));
            assertThat(submitted.reklame()).isEqualTo(((ApplicationSubmitted) events(permit).getFirst()).reklame());
            assertThat(submitted.location()).isEqualTo(((ApplicationSubmitted) events(permit).getFirst()).location());
        });
        assertThat(events(permit)).hasSize(4);
    }

    @Test
    void renewingAgainAnswersWithTheSameRenewal() {
        UUID permit = api.submitted();
        history.issued(permit, LocalDate.of(2099, 1, 1), LocalDate.of(2099, 12, 31));
        today(LocalDate.of(2099, 12, 31));

        UUID first = id(api.renew(permit));
        HttpResponse<String> again = api.renew(permit);

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(id(again)).isEqualTo(first);
        assertThat(jdbc.sql("select count(*) from event_store where payload->>'renewalOf' = ?")
                .param(permit.toString()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void renewalTooEarlyOrAfterTheEndIs409() {
        UUID permit = api.submitted();
        history.issued(permit, LocalDate.of(2099, 1, 1), LocalDate.of(2099, 12, 31));

        today(LocalDate.of(2099, 11, 30));
        assertProblem(api.renew(permit), 409);
        today(LocalDate.of(2100, 1, 1));
        assertProblem(api.renew(permit), 409);
    }

    @Test
    void renewalOfAnApplicationThatIsNoIssuedPermitIs409() {
        UUID id = api.submitted();

        assertProblem(api.renew(id), 409);
    }

    @Test
    void renewalTakesNoFields() {
        UUID permit = api.submitted();

        assertProblem(api.send("POST", "/api/v1/applications/" + permit + "/renewal", "{\"period\": {}}"), 400);
    }
}
