package id.reklame.ingress.edge;

import id.reklame.platform.security.AuthorizationRules;
import id.reklame.platform.web.ProblemResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The ingress checks the bearer token before anything is forwarded (the services check it again, with
 * their roles): only the tax estimate, permit verification, the probes and the API documents are public.
 * Actuator endpoints other than health are not there for the public at all: they answer 404.
 */
@Configuration(proxyBeanMethods = false)
class IngressAuthorization {

    @Bean
    AuthorizationRules ingressRules() {
        return requests -> {
            requests.requestMatchers(HttpMethod.POST, "/api/v1/tax-estimates").permitAll();
            for (HttpMethod read : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
                requests.requestMatchers(read, "/api/v1/permits/**").permitAll();
            }
            // every other path needs a token, whether or not a route serves it (an unknown one is then 404)
            requests.requestMatchers("/**").authenticated();
        };
    }

    @Bean
    FilterRegistrationBean<OnlyHealthOfTheActuator> onlyHealthOfTheActuator() {
        FilterRegistrationBean<OnlyHealthOfTheActuator> registration = new FilterRegistrationBean<>(
                new OnlyHealthOfTheActuator());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3); // after the access log, before security
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }

    /** 404 for {@code /actuator/**} but health on the public port (a management port, when set, is not filtered). */
    static final class OnlyHealthOfTheActuator extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
                chain.doFilter(request, response);
                return;
            }
            ProblemResponse.write(request, response, HttpStatus.NOT_FOUND, "Not Found", "No endpoint " + path);
        }
    }
}
