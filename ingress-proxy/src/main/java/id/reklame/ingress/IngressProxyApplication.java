package id.reklame.ingress;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The only public entry of e-Reklame: forwards commands to reklame-command, reads to reklame-query and tax
 * estimates to permit-worker, and serves one Swagger UI over the three services' OpenAPI documents.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngressProxyApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** Reads {@code ingress-proxy.yaml}, not application.yaml, so all services can share one JVM in end-to-end tests. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(IngressProxyApplication.class).properties("spring.config.name=ingress-proxy");
    }

}
