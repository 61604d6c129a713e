package id.reklame.platform.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import id.reklame.platform.web.ProblemResponse;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Every HTTP request of every service is authenticated by a JWT bearer token (OAuth2 resource server):
 * stateless, no sessions, no CSRF (no cookies are used). The roles come from the token's {@code roles}
 * claim; each service adds its own {@link AuthorizationRules}, and what no rule allows is refused.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class PlatformSecurityAutoConfiguration {

    private static final Log log = LogFactory.getLog(PlatformSecurityAutoConfiguration.class);

    /** Endpoints anyone may call: probes, metrics on the service's own port, and the API documents. */
    private static final String[] PUBLIC = {"/error", "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    JwtDecoder jwtDecoder(JwtProperties properties) {
        NimbusJwtDecoder decoder;
        if (properties.usesJwkSet()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
        } else {
            byte[] secret = properties.secret() == null ? new byte[0] : properties.secret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < JwtProperties.MIN_SECRET_BYTES) {
                throw new IllegalStateException("JWT_SECRET must be at least " + JwtProperties.MIN_SECRET_BYTES
                        + " bytes (or set JWT_JWK_SET_URI)");
            }
            if (properties.secret().startsWith("local-only-")) {
                log.warn("Bearer tokens are checked with the local-only default secret: set JWT_JWK_SET_URI "
                        + "or JWT_SECRET anywhere but on a developer's machine");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        // the issuer stays the string it is: by default it is tried as a URL first, which for an issuer that is
        // not one (e-reklame-local) throws and catches an exception on every request
        decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(
                Map.of(JwtClaimNames.ISS, issuer -> issuer == null ? null : issuer.toString())));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtAudienceValidator(properties.audience())));
        return decoder;
    }

    /**
     * No observations of Spring Security's own: each request is already observed once (http.server.requests,
     * with its span), and observing every filter of the chain, the authentication and the authorisation
     * besides cost more CPU per request than the command itself.
     */
    @Bean
    @ConditionalOnMissingBean(SecurityObservationSettings.class)
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Roles from the {@code roles} claim, as {@code ROLE_*} authorities; the subject is the caller's name. */
    static JwtAuthenticationConverter rolesClaim() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    /** A URL the firewall refuses (encoded slashes, semicolons, ...) is a 400 problem like any other bad request. */
    @Bean
    @ConditionalOnMissingBean(RequestRejectedHandler.class)
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, rejected) -> ProblemResponse.write(request, response, HttpStatus.BAD_REQUEST,
                "Bad Request", "The request's URL or headers are not acceptable");
    }

    @Bean
    SecurityFilterChain reklameSecurity(HttpSecurity http, JwtDecoder decoder, ObjectProvider<AuthorizationRules> rules)
            throws Exception {
        SecurityProblems problems = new SecurityProblems();
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(rolesClaim()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(HttpMethod.GET, PUBLIC).permitAll();
                    requests.requestMatchers(HttpMethod.HEAD, PUBLIC).permitAll();
                    requests.requestMatchers("/error").permitAll();
                    requests.requestMatchers("/actuator/**").hasRole(Role.OPERATOR.name());
                    rules.orderedStream().forEach(rule -> rule.configure(requests));
                    requests.anyRequest().denyAll();
                });
        return http.build();
    }
}
