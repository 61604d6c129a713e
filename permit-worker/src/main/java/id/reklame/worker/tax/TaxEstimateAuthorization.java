package id.reklame.worker.tax;

import id.reklame.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** A tax estimate is public: anyone may ask what a reklame would cost before applying. */
@Configuration(proxyBeanMethods = false)
class TaxEstimateAuthorization {

    @Bean
    AuthorizationRules taxEstimateRules() {
        return requests -> requests.requestMatchers(HttpMethod.POST, "/api/v1/tax-estimates").permitAll();
    }
}
