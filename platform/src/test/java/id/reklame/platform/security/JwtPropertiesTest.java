package id.reklame.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JwtPropertiesTest {

    @Test
    void theSecretIsNeverShownInTheSettings() {
        JwtProperties properties = new JwtProperties("s3cr3t-value-that-must-not-leak-0123456789", "", "iss", "aud");

        assertThat(properties.toString()).doesNotContain("s3cr3t").contains("(hidden)").contains("iss");
    }
}
