package id.reklame.localstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints a bearer token the local stack accepts: an HS256 JWT signed with the services' local-only secret
 * (or {@code JWT_SECRET}), for their issuer and audience ({@code JWT_ISSUER}, {@code JWT_AUDIENCE}).
 * Run by {@code ./run-local.sh token <ROLE> [subject]}. Never a way into anything deployed: those check
 * tokens against their identity provider's keys.
 */
public final class LocalToken {

    static final List<String> ROLES = List.of("APPLICANT", "OFFICER", "PAYMENT_GATEWAY", "OPERATOR");
    static final Duration VALIDITY = Duration.ofHours(8);

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || !ROLES.contains(args[0])) {
            System.err.println("usage: token <" + String.join("|", ROLES) + "> [subject]");
            System.exit(2);
        }
        String role = args[0];
        String subject = args.length == 2 ? args[1] : role.toLowerCase().replace('_', '-') + "-1";
        System.out.println(token(role, subject, Instant.now()));
    }

    /** A token for {@code role} and {@code subject}, valid for eight hours from {@code now}. */
    public static String token(String role, String subject, Instant now) {
        String claims = "{\"iss\":" + quoted(env("JWT_ISSUER", "e-reklame-local"))
                + ",\"aud\":" + quoted(env("JWT_AUDIENCE", "e-reklame"))
                + ",\"sub\":" + quoted(subject)
                + ",\"roles\":[" + quoted(role) + "]"
                + ",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(VALIDITY).getEpochSecond() + "}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // the services' LOCAL-ONLY default secret (reklame-platform.yaml)
            String secret = env("JWT_SECRET", "local-only-e-reklame-jwt-secret-not-for-any-deployment");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u%04x".formatted((int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private LocalToken() {
    }
}
