package id.reklame.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tokens past expiry, tampered with, or for another issuer or audience are 401 problems; a wrong role is 403. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = BearerTokenTest.Service.class,
        properties = "spring.config.import=classpath:reklame-platform.yaml")
class BearerTokenTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Service {

        @Bean
        AuthorizationRules rules() {
            return requests -> requests
                    .requestMatchers(HttpMethod.GET, "/officers-only").hasRole(Role.OFFICER.name())
                    .requestMatchers(HttpMethod.GET, "/public").permitAll();
        }

        @Bean
        Endpoints endpoints() {
            return new Endpoints();
        }
    }

    @RestController
    static class Endpoints {
        @GetMapping("/officers-only")
        String caller() {
            Caller caller = Caller.current();
            return caller.subject() + " " + caller.roles();
        }

        @GetMapping("/public")
        String open() {
            return "open";
        }

        @GetMapping("/no-rule")
        String forgotten() {
            return "should never answer";
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String officerToken(Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = TestTokens.claims("OFFICER", "officer-7");
        change.accept(claims);
        return "Bearer " + TestTokens.sign(claims, TestTokens.secret());
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.body()).contains("\"status\":401").contains("\"title\":\"Unauthorized\"")
                .contains("\"type\":\"about:blank\"");
    }

    @Test
    void aValidTokenWithTheRightRoleIsLetThroughAsItsSubject() throws Exception {
        HttpResponse<String> response = get("/officers-only", TestTokens.officer());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("officer-1 [OFFICER]");
    }

    @Test
    void noTokenIs401WithABearerChallenge() throws Exception {
        HttpResponse<String> response = get("/officers-only", null);

        assertUnauthorized(response);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).doesNotContain("invalid_token");
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        String expired = officerToken(claims -> {
            claims.put("iat", Instant.now().minusSeconds(7200).getEpochSecond());
            claims.put("exp", Instant.now().minusSeconds(3600).getEpochSecond());
        });

        HttpResponse<String> response = get("/officers-only", expired);

        assertUnauthorized(response);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }

    @Test
    void aTamperedTokenIs401() throws Exception {
        String token = TestTokens.token("APPLICANT", "applicant-9");
        String[] parts = token.split("\\.");
        // the payload of another token, signed for the applicant: now claiming to be an officer
        String officerPayload = TestTokens.token("OFFICER", "applicant-9").split("\\.")[1];

        assertUnauthorized(get("/officers-only", "Bearer " + parts[0] + "." + officerPayload + "." + parts[2]));
        assertUnauthorized(get("/officers-only", "Bearer " + parts[0] + "." + parts[1] + "." + parts[2] + "x"));
    }

    @Test
    void aTokenSignedWithAnotherSecretIs401() throws Exception {
        String forged = "Bearer " + TestTokens.sign(TestTokens.claims("OFFICER", "mallory"),
                "some-other-secret-that-is-long-enough-for-hs256");

        assertUnauthorized(get("/officers-only", forged));
    }

    @Test
    void anUnsignedTokenIs401() throws Exception {
        String[] parts = TestTokens.token("OFFICER", "mallory").split("\\.");
        String none = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertUnauthorized(get("/officers-only", "Bearer " + none + "." + parts[1] + "."));
    }

    @Test
    void aTokenOfAnotherIssuerOrAudienceIs401() throws Exception {
        assertUnauthorized(get("/officers-only", officerToken(claims -> claims.put("iss", "https://elsewhere.example"))));
        assertUnauthorized(get("/officers-only", officerToken(claims -> claims.put("aud", "another-service"))));
        assertUnauthorized(get("/officers-only", officerToken(claims -> claims.remove("aud"))));
    }

    @Test
    void garbageInsteadOfATokenIs401() throws Exception {
        assertUnauthorized(get("/officers-only", "Bearer not.a.jwt"));
        assertUnauthorized(get("/officers-only", "Bearer "));
    }

    @Test
    void theWrongRoleIs403Problem() throws Exception {
        HttpResponse<String> response = get("/officers-only", TestTokens.applicant());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
        assertThat(response.body()).contains("\"status\":403");
    }

    @Test
    void aTokenWithoutRolesMayCallNothingThatNeedsOne() throws Exception {
        assertThat(get("/officers-only", officerToken(claims -> claims.put("roles", List.of()))).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anEndpointNoRuleAllowsIsRefused() throws Exception {
        assertUnauthorized(get("/no-rule", null));
        assertThat(get("/no-rule", TestTokens.operator()).statusCode()).isEqualTo(403);
    }

    @Test
    void publicEndpointsAndHealthNeedNoToken() throws Exception {
        assertThat(get("/public", null).statusCode()).isEqualTo(200);
    }

    @Test
    void neitherTheSecretNorATokenIsWrittenToTheLog(CapturedOutput output) throws Exception {
        String valid = TestTokens.officer();
        String tampered = valid + "x";

        get("/officers-only", valid);
        get("/officers-only", tampered);
        get("/no-rule", valid);

        assertThat(output.getAll()).doesNotContain(TestTokens.secret())
                .doesNotContain(valid.substring("Bearer ".length()))
                .doesNotContain(valid.substring(valid.lastIndexOf('.') + 1));
    }

    @Test
    void noSessionIsCreated() throws Exception {
        HttpResponse<String> response = get("/officers-only", TestTokens.officer());

        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    }
}
