package id.reklame.command.idempotency;

import static id.reklame.command.support.CommandApi.FORM;
import static id.reklame.command.support.CommandApi.id;
import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.command.support.CommandApi;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=reklame-command", "reklame.idempotency.expiry=1h"})
@RealInfrastructureTest
class IdempotencyKeyTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdempotencyKeys keys;

    CommandApi api;

    @BeforeEach
    void setUp() {
        api = new CommandApi(port);
    }

    private long applicationsSubmittedWith(String content) {
        return jdbc.sql("""
                        select count(*) from event_store
                        where event_type = 'id.reklame.application.submitted.v1' and payload->'reklame'->>'content' = ?""")
                .param(content).query(Long.class).single();
    }

    private static String formWith(String content) {
        return CommandApi.revisedForm(content);
    }

    @Test
    void sameKeyAndBodyGetsTheFirstResponseAgainAndMakesOneApplication() {
        String key = UUID.randomUUID().toString();
        String form = formWith("repeat-" + key);

        HttpResponse<String> first = api.submit(form, "Idempotency-Key", key);
        HttpResponse<String> again = api.submit(form.replace("\n", " "), "Idempotency-Key", key); // spelt differently

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location")).isPresent();
        assertThat(again.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(applicationsSubmittedWith("repeat-" + key)).isEqualTo(1);
    }

    @Test
    void twoApplicantsWithTheSameKeyAndBodyEachGetTheirOwnApplication() {
        String key = UUID.randomUUID().toString();
        String form = formWith("shared-key-" + key);

        HttpResponse<String> mine = api.submit(form, "Idempotency-Key", key);
        HttpResponse<String> theirs = api.submit(form, "Idempotency-Key", key,
                "Authorization", TestTokens.applicant("applicant-someone-else"));

        assertThat(mine.statusCode()).isEqualTo(202);
        assertThat(theirs.statusCode()).isEqualTo(202);
        assertThat(CommandApi.id(theirs)).as("no one is answered with another applicant's application")
                .isNotEqualTo(CommandApi.id(mine));
        assertThat(applicationsSubmittedWith("shared-key-" + key)).isEqualTo(2);
    }

    @Test
    void sameKeyWithADifferentBodyIs422() {
        String key = UUID.randomUUID().toString();
        api.submit(formWith("first-" + key), "Idempotency-Key", key);

        HttpResponse<String> other = api.submit(formWith("second-" + key), "Idempotency-Key", key);

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(applicationsSubmittedWith("second-" + key)).isZero();
    }

    @Test
    void twentyConcurrentRequestsWithTheSameKeyMakeOneApplication() throws Exception {
        String key = UUID.randomUUID().toString();
        String form = formWith("concurrent-" + key);
        CountDownLatch start = new CountDownLatch(1);
        List<HttpResponse<String>> responses;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> sent = java.util.stream.IntStream.range(0, 20)
                    .mapToObj(i -> clients.submit(() -> {
                        start.await();
                        return api.submit(form, "Idempotency-Key", key);
                    })).toList();
            start.countDown();
            responses = sent.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202);
        assertThat(responses.stream().map(CommandApi::id).distinct()).hasSize(1);
        assertThat(applicationsSubmittedWith("concurrent-" + key)).isEqualTo(1);
    }

    @Test
    void anExpiredKeyStartsANewRequestAndIsCleanedUp() {
        String key = UUID.randomUUID().toString();
        String form = formWith("expired-" + key);
        UUID first = id(api.submit(form, "Idempotency-Key", key));
        jdbc.sql("update idempotency_key set created_at = now() - interval '2 hours' where idempotency_key = ?")
                .param(IdempotencyKeys.storedKey(TestTokens.APPLICANT, key)).update();

        UUID second = id(api.submit(form, "Idempotency-Key", key));

        assertThat(second).isNotEqualTo(first);
        jdbc.sql("update idempotency_key set created_at = now() - interval '2 hours' where idempotency_key = ?")
                .param(IdempotencyKeys.storedKey(TestTokens.APPLICANT, key)).update();
        assertThat(keys.deleteExpired()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select count(*) from idempotency_key where idempotency_key = ?")
                .param(IdempotencyKeys.storedKey(TestTokens.APPLICANT, key))
                .query(Long.class).single()).isZero();
    }

    @Test
    void aFreshKeyIsKeptByTheCleanUp() {
        String key = UUID.randomUUID().toString();
        api.submit(formWith("kept-" + key), "Idempotency-Key", key);

        keys.deleteExpired();

        assertThat(jdbc.sql("select count(*) from idempotency_key where idempotency_key = ?")
                .param(IdempotencyKeys.storedKey(TestTokens.APPLICANT, key))
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUnusableKeyIs400() {
        HttpResponse<String> response = api.submit(FORM, "Idempotency-Key", "x".repeat(256));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Idempotency-Key");
    }

    @Test
    void anInvalidBodyWithAKeyLeavesTheKeyFreeForTheCorrectedRequest() {
        String key = UUID.randomUUID().toString();

        assertThat(api.submit(FORM.replace("\"sides\": 2", "\"sides\": 9"), "Idempotency-Key", key).statusCode())
                .isEqualTo(400);
        assertThat(api.submit(FORM, "Idempotency-Key", key).statusCode()).isEqualTo(202);
    }
}
