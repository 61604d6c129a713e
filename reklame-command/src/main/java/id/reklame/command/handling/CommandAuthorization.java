package id.reklame.command.handling;

import id.reklame.platform.security.AuthorizationRules;
import id.reklame.platform.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Applicants submit and change their own applications (which ones are theirs is checked with the
 * application); the payment gateway only posts payments.
 */
@Configuration(proxyBeanMethods = false)
class CommandAuthorization {

    @Bean
    AuthorizationRules commandRules() {
        return requests -> requests
                .requestMatchers(HttpMethod.POST, "/api/v1/applications/*/payments").hasRole(Role.PAYMENT_GATEWAY.name())
                .requestMatchers(HttpMethod.POST, "/api/v1/applications", "/api/v1/applications/*/withdrawal",
                        "/api/v1/applications/*/renewal").hasRole(Role.APPLICANT.name())
                .requestMatchers(HttpMethod.PUT, "/api/v1/applications/*").hasRole(Role.APPLICANT.name());
    }
}
