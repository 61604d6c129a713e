package id.reklame.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on a {@code @SpringBootTest} class to run it against {@link RealInfrastructure#shared()}: the class gets a
 * database of its own, its own two topics (12 partitions) and its own consumer-group prefix, through the
 * properties {@code spring.datasource.url/username/password}, {@code spring.kafka.bootstrap-servers},
 * {@code reklame.topics.applications}, {@code reklame.topics.decisions} and {@code reklame.kafka.group-prefix}.
 * <p>
 * Each annotated test class gets its own application context, closed after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealInfrastructureTest {
}
