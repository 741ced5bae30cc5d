package io.serverlessorch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package walls of the functions (see docs/decisions.md, "Packages as ports and adapters"), checked on
 * the compiled classes, so a fully qualified name in code counts as much as an import.
 */
@AnalyzeClasses(packages = "io.serverlessorch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] AWS = {"software.amazon..", "com.amazonaws.."};

    @ArchTest
    static final ArchRule theDomainKnowsNoFrameworkAndNoAws = noClasses()
            .that().resideInAPackage("io.serverlessorch.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..", "io.micronaut..",
                    "io.serverlessorch.storage..", "io.serverlessorch.pipeline..");

    @ArchTest
    static final ArchRule thePipelineKnowsNoAwsAndNoStepImplementations = noClasses()
            .that().resideInAPackage("io.serverlessorch.pipeline..")
            .should().dependOnClassesThat().resideInAnyPackage(AWS)
            .orShould().dependOnClassesThat().resideInAnyPackage("io.serverlessorch.steps..", "io.serverlessorch.invocation..",
                    "io.serverlessorch.storage.dynamodb..", "io.serverlessorch.handlers..");

    @ArchTest
    static final ArchRule theStepsKnowNoAws = noClasses()
            .that().resideInAPackage("io.serverlessorch.steps..")
            .should().dependOnClassesThat().resideInAnyPackage(AWS)
            .orShould().dependOnClassesThat().resideInAPackage("io.serverlessorch.storage.dynamodb..");

    @ArchTest
    static final ArchRule storagePortsKnowNoDynamoDb = noClasses()
            .that().resideInAPackage("io.serverlessorch.storage")
            .should().dependOnClassesThat().resideInAnyPackage(AWS)
            .orShould().dependOnClassesThat().resideInAPackage("io.serverlessorch.storage.dynamodb..");

    /** The retry budget is read by every layer, the CDK app and the local run: plain Java, depending on none of them. */
    @ArchTest
    static final ArchRule theRetryBudgetIsPlainJava = noClasses()
            .that().resideInAPackage("io.serverlessorch.retry..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..", "io.micronaut..")
            .orShould().dependOnClassesThat(resideInAPackage("io.serverlessorch..").and(not(resideInAPackage("io.serverlessorch.retry.."))));

    @ArchTest
    static final ArchRule theApiTalksToOrderServiceNotToStorage = noClasses()
            .that().resideInAPackage("io.serverlessorch.api..")
            .should().dependOnClassesThat().resideInAnyPackage("io.serverlessorch.storage..", "io.serverlessorch.pipeline..");

    /**
     * The stream processor writes history records with BatchWriteItem, which IAM cannot grant for puts alone: its
     * role could delete too. So no code that runs in AWS builds a delete (docs/decisions.md, #30).
     */
    @ArchTest
    static final ArchRule nothingDeletesFromATable = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("software.amazon.awssdk.services.dynamodb.model.DeleteRequest")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("software.amazon.awssdk.services.dynamodb.model.Delete");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.serverlessorch.(**)").should().beFreeOfCycles();
}
