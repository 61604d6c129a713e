package id.reklame.query;

import id.reklame.platform.security.AuthorizationRules;
import id.reklame.platform.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Permit verification is public; applicants read their own applications (the reads filter by owner),
 * officers read everything and the statistics; only operators administer the read models.
 */
@Configuration(proxyBeanMethods = false)
class QueryAuthorization {

    private static final String[] APPLICATIONS = {"/api/v1/applications", "/api/v1/applications/*",
            "/api/v1/applications/*/history"};

    @Bean
    AuthorizationRules queryRules() {
        return requests -> {
            for (HttpMethod read : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
                requests.requestMatchers(read, "/api/v1/permits/**").permitAll()
                        .requestMatchers(read, APPLICATIONS).hasAnyRole(Role.APPLICANT.name(), Role.OFFICER.name())
                        .requestMatchers(read, "/api/v1/stats").hasRole(Role.OFFICER.name());
            }
            requests.requestMatchers("/admin/**").hasRole(Role.OPERATOR.name());
        };
    }
}
