package id.reklame.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules, the tax, interest and the fold of events stay plain Java, testable in milliseconds. */
class PlainDomainCoreTest {

    private static final JavaClasses WORKER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("id.reklame.worker");

    @Test
    void theDomainCoreDependsOnNoFrameworkNorDatabase() {
        noClasses().that().resideInAnyPackage("..worker.placement..", "..worker.assessment..")
                .or().haveFullyQualifiedName("id.reklame.worker.tax.TaxCalculator")
                .or().haveFullyQualifiedName("id.reklame.worker.payment.AmountDue")
                .or().haveFullyQualifiedName("id.reklame.worker.payment.PaymentCheck")
                .or().haveFullyQualifiedName("id.reklame.worker.tracking.TrackedApplication")
                .or().haveFullyQualifiedName("id.reklame.worker.reference.ReferenceData")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                        "org.apache.kafka..")
                .check(WORKER);
    }
}
