package id.reklame.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are checked: against the key set at {@code jwkSetUri} when one is given (production),
 * else with the shared HS256 {@code secret} (local use); always for this issuer and audience.
 */
@ConfigurationProperties("reklame.security.jwt")
public record JwtProperties(String secret, String jwkSetUri, String issuer, String audience) {

    /** HS256 needs a key of at least 256 bits. */
    static final int MIN_SECRET_BYTES = 32;

    public boolean usesJwkSet() {
        return jwkSetUri != null && !jwkSetUri.isBlank();
    }

    /** Never shows the secret: settings end up in logs and failure reports. */
    @Override
    public String toString() {
        return "JwtProperties[secret=" + (secret == null || secret.isEmpty() ? "(none)" : "(hidden)")
                + ", jwkSetUri=" + jwkSetUri + ", issuer=" + issuer + ", audience=" + audience + "]";
    }
}
