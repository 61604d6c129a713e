package id.reklame.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import id.reklame.testsupport.TestTokens;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Production: tokens are checked against the identity provider's key set (JWT_JWK_SET_URI), served here by a
 * real HTTP server. A token signed with one of its keys is let through; one signed with any other key, or with
 * the local HS256 secret, is a 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = JwkSetTokenTest.Service.class,
        properties = "spring.config.import=classpath:reklame-platform.yaml")
class JwkSetTokenTest {

    private static final RSAKey PROVIDER_KEY = rsaKey("provider-key-1");
    private static final RSAKey OTHER_KEY = rsaKey("provider-key-1"); // the same key id, another key
    private static final AtomicInteger KEY_SET_FETCHES = new AtomicInteger();
    private static final HttpServer IDENTITY_PROVIDER = identityProvider();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Service {

        @Bean
        AuthorizationRules rules() {
            return requests -> requests.requestMatchers(HttpMethod.GET, "/officers-only").hasRole(Role.OFFICER.name());
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
            return Caller.current().subject();
        }
    }

    @DynamicPropertySource
    static void keySet(DynamicPropertyRegistry registry) {
        registry.add("reklame.security.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + IDENTITY_PROVIDER.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @AfterAll
    static void stopIdentityProvider() {
        IDENTITY_PROVIDER.stop(0);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/officers-only"))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenSignedWithTheProvidersKeyIsLetThrough() throws Exception {
        HttpResponse<String> response = get("Bearer " + rs256(PROVIDER_KEY, TestTokens.issuer(), "officer-9"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("officer-9");
        assertThat(KEY_SET_FETCHES.get()).as("the key set was fetched from the provider").isPositive();
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderTheSameKeyIdIs401() throws Exception {
        HttpResponse<String> response = get("Bearer " + rs256(OTHER_KEY, TestTokens.issuer(), "mallory"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theLocalSecretMeansNothingOnceAKeySetIsConfigured() throws Exception {
        assertThat(get(TestTokens.officer()).statusCode()).isEqualTo(401);
    }

    @Test
    void aProviderSignedTokenForAnotherIssuerIs401() throws Exception {
        assertThat(get("Bearer " + rs256(PROVIDER_KEY, "https://elsewhere.example", "officer-9")).statusCode())
                .isEqualTo(401);
    }

    private static String rs256(RSAKey key, String issuer, String subject) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(TestTokens.audience()).subject(subject)
                .claim("roles", List.of("OFFICER")).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer identityProvider() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] keySet = new JWKSet(PROVIDER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/.well-known/jwks.json", exchange -> {
                KEY_SET_FETCHES.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keySet.length);
                exchange.getResponseBody().write(keySet);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
