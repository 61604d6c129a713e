package id.reklame.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** What ./run-local.sh token prints: an HS256 JWT for the local stack's issuer and audience. */
class LocalTokenTest {

    @Test
    void theTokenIsSignedWithTheLocalSecretAndNamesRoleSubjectIssuerAudienceAndExpiry() throws Exception {
        String token = LocalToken.token("OFFICER", "officer-\"7\"", Instant.ofEpochSecond(1_800_000_000L));
        String[] parts = token.split("\\.");

        assertThat(parts).hasSize(3);
        Mac mac = Mac.getInstance("HmacSHA256");
        String secret = System.getenv().getOrDefault("JWT_SECRET", "local-only-e-reklame-jwt-secret-not-for-any-deployment");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(Base64.getUrlDecoder().decode(parts[2]))
                .isEqualTo(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"sub\":\"officer-\\\"7\\\"\"", "\"roles\":[\"OFFICER\"]", "\"iat\":1800000000",
                "\"exp\":" + (1_800_000_000L + 8 * 3600));
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).contains("\"alg\":\"HS256\"");
    }
}
