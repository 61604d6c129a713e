package id.reklame.command.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The aggregate and its rules stay plain Java: unit-testable in milliseconds, framework at the edges. */
@AnalyzeClasses(packages = "id.reklame.command", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainIsPlainJavaTest {

    @ArchTest
    static final ArchRule domainUsesNoFramework = noClasses()
            .that().resideInAPackage("id.reklame.command.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta..", "javax..", "java.sql..",
                    "org.apache.kafka..", "org.postgresql..", "tools.jackson..", "com.fasterxml..",
                    "io.github.resilience4j..", "io.micrometer..", "org.slf4j..", "org.flywaydb..")
            .because("the domain is plain Java; Spring, Kafka, JDBC and JSON belong at the edges");

    @ArchTest
    static final ArchRule domainDependsOnlyOnTheContractsAndTheJdk = classes()
            .that().resideInAPackage("id.reklame.command.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("id.reklame.command.domain..",
                    "id.reklame.contracts..", "java..")
            .because("the rest of the service uses the domain, not the other way round");
}
