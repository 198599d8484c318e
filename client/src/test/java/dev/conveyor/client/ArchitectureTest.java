package dev.conveyor.client;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The client is the JDK and Jackson: a user gets nothing of the server with it. */
@AnalyzeClasses(packages = "dev.conveyor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule knowsNoServerClass = noClasses()
            .that()
            .resideInAPackage("dev.conveyor.client..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.conveyor..").and(resideOutsideOfPackage("dev.conveyor.client..")));

    @ArchTest
    static final ArchRule usesOnlyTheJdkAndJackson = classes()
            .that()
            .resideInAPackage("dev.conveyor.client..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.conveyor.client..", "java..", "com.fasterxml.jackson..", "");
}
