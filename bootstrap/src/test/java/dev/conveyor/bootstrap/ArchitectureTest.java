package dev.conveyor.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The hexagon's walls: the core knows no framework, and the adapters do not know each other. */
@AnalyzeClasses(packages = "dev.conveyor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] FRAMEWORKS = {
        "io.dropwizard..",
        "org.glassfish.jersey..",
        "jakarta.ws.rs..",
        "com.fasterxml.jackson..",
        "org.jdbi..",
        "java.sql..",
        "javax.sql..",
        "org.postgresql..",
        "liquibase..",
        "org.eclipse.jetty..",
        "org.slf4j.."
    };

    @ArchTest
    static final ArchRule domainIsPlainJava = noClasses()
            .that()
            .resideInAPackage("dev.conveyor.domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FRAMEWORKS)
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.conveyor.application..",
                    "dev.conveyor.postgres..",
                    "dev.conveyor.rest..",
                    "dev.conveyor.sqs..",
                    "dev.conveyor.bootstrap..");

    @ArchTest
    static final ArchRule applicationIsPlainJava = noClasses()
            .that()
            .resideInAPackage("dev.conveyor.application..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FRAMEWORKS)
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.conveyor.postgres..", "dev.conveyor.rest..", "dev.conveyor.sqs..", "dev.conveyor.bootstrap..");

    @ArchTest
    static final ArchRule postgresAdapterDoesNotKnowTheRestAdapter = noClasses()
            .that()
            .resideInAPackage("dev.conveyor.postgres..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.conveyor.rest..",
                    "dev.conveyor.sqs..",
                    "dev.conveyor.bootstrap..",
                    "org.glassfish.jersey..",
                    "jakarta.ws.rs..",
                    "io.dropwizard..");

    @ArchTest
    static final ArchRule restAdapterDoesNotKnowThePostgresAdapter = noClasses()
            .that()
            .resideInAPackage("dev.conveyor.rest..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.conveyor.postgres..",
                    "dev.conveyor.sqs..",
                    "dev.conveyor.bootstrap..",
                    "org.jdbi..",
                    "java.sql..",
                    "org.postgresql..",
                    "liquibase..");

    /** The SQS adapter maps the wire protocols onto the use cases: it sees neither other adapter, nor SQL. */
    @ArchTest
    static final ArchRule sqsAdapterDoesNotKnowTheOtherAdapters = noClasses()
            .that()
            .resideInAPackage("dev.conveyor.sqs..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.conveyor.postgres..",
                    "dev.conveyor.rest..",
                    "dev.conveyor.bootstrap..",
                    "org.jdbi..",
                    "java.sql..",
                    "org.postgresql..",
                    "liquibase..");

    /** The console is a client of the public /v1 API like any other: it calls no Conveyor code, only serves files. */
    @ArchTest
    static final ArchRule consoleKnowsNoOtherPartOfConveyor = noClasses()
            .that()
            .resideInAPackage("dev.conveyor.console..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.conveyor.domain..",
                    "dev.conveyor.application..",
                    "dev.conveyor.postgres..",
                    "dev.conveyor.rest..",
                    "dev.conveyor.sqs..",
                    "dev.conveyor.bootstrap..");
}
