package id.reklame.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens the services accept in tests: HS256 JWTs signed with the same local secret, issuer and
 * audience the services default to (or {@code JWT_SECRET}, {@code JWT_ISSUER}, {@code JWT_AUDIENCE} when set).
 */
public final class TestTokens {

    /** The services' local-only defaults (reklame-platform.yaml): never used where a real issuer exists. */
    public static final String LOCAL_SECRET = "local-only-e-reklame-jwt-secret-not-for-any-deployment";
    public static final String LOCAL_ISSUER = "e-reklame-local";
    public static final String LOCAL_AUDIENCE = "e-reklame";

    /** The subject the default applicant token names. */
    public static final String APPLICANT = "applicant-1";

    private TestTokens() {
    }

    public static String secret() {
        return env("JWT_SECRET", LOCAL_SECRET);
    }

    public static String issuer() {
        return env("JWT_ISSUER", LOCAL_ISSUER);
    }

    public static String audience() {
        return env("JWT_AUDIENCE", LOCAL_AUDIENCE);
    }

    /** {@code Bearer <token>} for a caller with this role and subject, valid for an hour. */
    public static String bearer(String role, String subject) {
        return "Bearer " + token(role, subject);
    }

    public static String applicant() {
        return bearer("APPLICANT", APPLICANT);
    }

    public static String applicant(String subject) {
        return bearer("APPLICANT", subject);
    }

    public static String officer() {
        return bearer("OFFICER", "officer-1");
    }

    public static String paymentGateway() {
        return bearer("PAYMENT_GATEWAY", "payment-gateway");
    }

    public static String operator() {
        return bearer("OPERATOR", "operator-1");
    }

    public static String token(String role, String subject) {
        return sign(claims(role, subject), secret());
    }

    /** The claims of a valid token, to change before {@link #sign} (expired, other issuer, ...). */
    public static Map<String, Object> claims(String role, String subject) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer());
        claims.put("aud", audience());
        claims.put("sub", subject);
        claims.put("roles", List.of(role));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
        return claims;
    }

    /** A compact HS256 JWS of these claims (strings, numbers and lists of strings). */
    public static String sign(Map<String, Object> claims, String secret) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Map<String, Object> claims) {
        StringBuilder json = new StringBuilder("{");
        claims.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(quoted(name)).append(':')
                .append(value(value)));
        return json.append('}').toString();
    }

    private static String value(Object value) {
        return switch (value) {
            case Number number -> number.toString();
            case List<?> list -> list.stream().map(TestTokens::value).reduce((a, b) -> a + "," + b)
                    .map(items -> "[" + items + "]").orElse("[]");
            default -> quoted(value.toString());
        };
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
