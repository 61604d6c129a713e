package id.reklame.command;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.command.support.CommandApi;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The applicant that submits an application owns it: no other applicant can tell it exists, let alone change it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=reklame-command")
@RealInfrastructureTest
class OwnershipTest {

    private static final String SOMEONE_ELSE = TestTokens.applicant("applicant-someone-else");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    CommandApi api;

    @BeforeEach
    void setUp() {
        api = new CommandApi(port);
    }

    private long events(UUID applicationId) {
        return jdbc.sql("select count(*) from event_store where application_id = ?").param(applicationId)
                .query(Long.class).single();
    }

    @Test
    void theSubmittingApplicantsSubjectIsRecordedAsTheOwner() {
        UUID id = api.submitted();

        assertThat(jdbc.sql("select payload->>'owner' from event_store where application_id = ?").param(id)
                .query(String.class).single()).isEqualTo(TestTokens.APPLICANT);
    }

    @Test
    void anotherApplicantsRevisionWithdrawalAndRenewalAreAnsweredAsForAnUnknownApplication() {
        UUID id = api.submitted();
        UUID unknown = UUID.randomUUID();

        assertSameAsUnknown(api.revise(id, CommandApi.FORM, "If-Match", "\"1\"", "Authorization", SOMEONE_ELSE),
                api.revise(unknown, CommandApi.FORM, "If-Match", "\"1\"", "Authorization", SOMEONE_ELSE), id, unknown);
        assertSameAsUnknown(api.withdraw(id, "{\"reason\": \"mine now\"}", "Authorization", SOMEONE_ELSE),
                api.withdraw(unknown, "{\"reason\": \"mine now\"}", "Authorization", SOMEONE_ELSE), id, unknown);
        assertSameAsUnknown(api.renew(id, "Authorization", SOMEONE_ELSE),
                api.renew(unknown, "Authorization", SOMEONE_ELSE), id, unknown);
        assertThat(events(id)).as("nothing was appended").isEqualTo(1);
    }

    @Test
    void theOwnerCanStillChangeItsApplication() {
        UUID id = api.submitted();

        assertThat(api.withdraw(id, "{\"reason\": \"changed plans\"}").statusCode()).isEqualTo(202);
        assertThat(events(id)).isEqualTo(2);
    }

    @Test
    void thePaymentGatewayMayPayForAnyApplicationButNotChangeIt() {
        UUID id = api.submitted();

        // it gets past who-may-do-what to the rule that only an assessed application takes a payment
        assertThat(api.pay(id, """
                {"billingCode": "357820270100000142", "amount": 1, "paidAt": "2027-01-01T00:00:00Z", "reference": "R-1"}
                """).statusCode()).isEqualTo(409);
        assertThat(api.withdraw(id, "{\"reason\": \"x\"}", "Authorization", TestTokens.paymentGateway()).statusCode())
                .isEqualTo(403);
    }

    private static void assertSameAsUnknown(HttpResponse<String> other, HttpResponse<String> unknown, UUID id, UUID missing) {
        assertThat(other.statusCode()).as(other.body()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(other.body().replace(id.toString(), "ID")).isEqualTo(unknown.body().replace(missing.toString(), "ID"));
    }
}
