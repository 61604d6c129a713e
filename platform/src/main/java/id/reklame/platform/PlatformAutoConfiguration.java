package id.reklame.platform;

import id.reklame.contracts.json.ReklameJson;
import id.reklame.platform.kafka.DeadLetters;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.platform.observability.ConsumerGroupLag;
import id.reklame.platform.observability.KafkaHealthIndicator;
import id.reklame.platform.observability.TraceContexts;
import id.reklame.platform.web.ConcurrencyLimitFilter;
import id.reklame.platform.web.DatabaseUnavailableAdvice;
import id.reklame.platform.web.ProblemDetailsAdvice;
import id.reklame.platform.web.ProblemErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import id.reklame.platform.web.RequestBodyLimitFilter;
import id.reklame.platform.web.RequestIdFilter;
import id.reklame.platform.web.StorableText;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.DeserializationFeature;

/**
 * What every service gets the same way: request ids, problem details, JSON mapping, dead letters, trace context,
 * the broker's health and the consumer group's lag.
 */
// before Web MVC, so its own problem-details handler backs off in favour of ours
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
        afterName = {"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
                "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
                "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration"})
public class PlatformAutoConfiguration {

    /** The current W3C trace context, for what Micrometer's instrumentation does not carry by itself. */
    @Bean
    @ConditionalOnMissingBean
    TraceContexts traceContexts(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer t = tracer.getIfUnique();
        Propagator p = propagator.getIfUnique();
        return t == null || p == null ? TraceContexts.none() : new TraceContexts(t, p);
    }

    /**
     * HTTP uses the event mapping, but strict: an unknown or misspelt request field is an error, and so
     * is text a database cannot store.
     */
    @Bean
    JsonMapperBuilderCustomizer reklameJsonMapping() {
        return builder -> ReklameJson.configure(builder)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .addModule(StorableText.module());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {

        @Bean
        FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
            var registration = new FilterRegistrationBean<>(new RequestIdFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        @Bean
        @ConditionalOnMissingBean(ProblemDetailsAdvice.class)
        ProblemDetailsAdvice problemDetailsAdvice() {
            return new ProblemDetailsAdvice();
        }

        /** Tomcat's own refusals (before any filter sees the request) as problem documents, not HTML pages. */
        @Bean
        @ConditionalOnClass(name = "org.apache.catalina.valves.ErrorReportValve")
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReports() {
            return ProblemErrorReportValve::install;
        }

        /**
         * 413 for a body over {@code reklame.http.max-request-body} (64 KiB). The ingress, which streams
         * bodies of its own larger limit on to the services, guards them itself (its {@code requestBodyGuard}).
         */
        @Bean
        @ConditionalOnMissingBean(name = "requestBodyGuard")
        FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(
                @Value("${reklame.http.max-request-body:64KB}") DataSize limit) {
            var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(limit.toBytes()));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // after the request id, which it answers with
            return registration;
        }
    }

    /**
     * At most {@code reklame.http.max-concurrent-requests} API requests handled at once, the rest waiting their turn
     * in order for up to {@code reklame.http.max-queue-wait} (then 503); off unless a service sets a number. It runs
     * after the security filters, so a request without a valid token is refused without waiting.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnProperty(name = "reklame.http.max-concurrent-requests")
    static class ConcurrencyLimit {

        @Bean
        FilterRegistrationBean<ConcurrencyLimitFilter> concurrencyLimit(
                @Value("${reklame.http.max-concurrent-requests}") int maxConcurrent,
                @Value("${reklame.http.max-queue-wait:5s}") Duration maxWait, ObjectProvider<MeterRegistry> meters) {
            ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(maxConcurrent, maxWait);
            meters.ifAvailable(registry -> registry.gauge("reklame.http.requests.waiting", filter,
                    ConcurrencyLimitFilter::waiting));
            var registration = new FilterRegistrationBean<>(filter);
            registration.setOrder(0); // after Spring Security's filter chain (-100)
            return registration;
        }
    }

    /** 503 rather than 500 while the database is down or restarting, in the services that have one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"org.springframework.dao.DataAccessException",
            "org.springframework.transaction.TransactionException"})
    static class DatabaseAnswers {

        @Bean
        DatabaseUnavailableAdvice databaseUnavailableAdvice() {
            return new DatabaseUnavailableAdvice();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaOperations.class)
    @ConditionalOnBean(KafkaOperations.class)
    @EnableConfigurationProperties(TopicNames.class)
    static class Kafka {

        /**
         * Kafka consumers on platform threads of their own (spring-kafka's default, named after their container), also
         * where requests run on virtual threads: a consumer lives as long as its container and spends its life blocked
         * in poll() or in its listener, so a virtual thread gains it nothing, and one that pins its carrier (in native
         * code, or waiting for a class another thread initialises) holds one of only as many carriers as there are cores.
         */
        @Bean
        static BeanPostProcessor kafkaConsumersOnPlatformThreads() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
                        factory.getContainerProperties().setListenerTaskExecutor(null);
                    }
                    return bean;
                }
            };
        }

        @Bean
        @ConditionalOnMissingBean(CommonErrorHandler.class)
        CommonErrorHandler deadLetteringErrorHandler(KafkaOperations<?, ?> template) {
            return DeadLetters.errorHandler(template);
        }

        /** Readiness includes the broker ({@code kafka} in the readiness group of each service that uses it). */
        @Bean
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin,
                @Value("${reklame.kafka.health-timeout:2s}") Duration timeout) {
            return new KafkaHealthIndicator(admin.getConfigurationProperties(), timeout);
        }

        @Bean
        @ConditionalOnProperty("reklame.kafka.group-id")
        ConsumerGroupLag consumerGroupLag(KafkaAdmin admin, @Value("${reklame.kafka.group-id}") String group,
                MeterRegistry meters) {
            return new ConsumerGroupLag(group, admin.getConfigurationProperties(), Duration.ofSeconds(2), meters);
        }

        /** A record listener's log lines name the application the record is about (its key). */
        @Bean
        @ConditionalOnMissingBean(RecordInterceptor.class)
        RecordInterceptor<Object, Object> applicationIdInLogs() {
            return new RecordInterceptor<>() {
                @Override
                public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
                                                                Consumer<Object, Object> consumer) {
                    if (record.key() != null) {
                        MDC.put(RequestIdFilter.APPLICATION_ID_MDC_KEY, record.key().toString());
                    }
                    return record;
                }

                @Override
                public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
                    MDC.remove(RequestIdFilter.APPLICATION_ID_MDC_KEY);
                }
            };
        }

        /** Both streams exist wherever a service starts, whichever starts first. */
        @Bean
        KafkaAdmin.NewTopics reklameStreams(TopicNames topics) {
            return new KafkaAdmin.NewTopics(
                    TopicBuilder.name(topics.applications()).partitions(topics.partitions()).build(),
                    TopicBuilder.name(topics.decisions()).partitions(topics.partitions()).build());
        }
    }
}
