package id.reklame.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Registered in META-INF/spring.factories: wires {@link RealInfrastructureTest} classes to the shared servers. */
public final class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return isRealInfrastructureTest(testClass) ? new Customizer(testClass) : null;
    }

    static boolean isRealInfrastructureTest(Class<?> testClass) {
        // also finds the annotation on superclasses and on the enclosing class of a @Nested class
        return TestContextAnnotationUtils.hasAnnotation(testClass, RealInfrastructureTest.class);
    }

    /**
     * Equal only for the same test class, so every annotated class gets a context (and database, topics) of its
     * own. The database and topics are made when Spring builds the context, not when it computes cache keys.
     */
    record Customizer(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            RealInfrastructure infrastructure = RealInfrastructure.shared();
            String suffix = infrastructure.uniqueSuffix(testClass.getSimpleName());
            Database database = infrastructure.newDatabase(testClass.getSimpleName());
            String applications = "reklame.applications.v1." + suffix;
            String decisions = "reklame.permit-decisions.v1." + suffix;
            infrastructure.createTopics(12, applications, decisions);

            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("spring.datasource.url", database.jdbcUrl());
            properties.put("spring.datasource.username", database.username());
            properties.put("spring.datasource.password", database.password());
            properties.put("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
            properties.put("reklame.topics.applications", applications);
            properties.put("reklame.topics.decisions", decisions);
            properties.put("reklame.kafka.group-prefix", suffix + ".");
            // first = highest precedence: wins over application.yml, @TestPropertySource and environment variables
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("realInfrastructure", properties));
        }
    }
}
