package io.memguard;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of Spring Boot's own auto-configuration, enforced on Memguard's main code.
 */
class ArchitectureTests {

	private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages("io.memguard");

	@Test
	void autoConfigurationsAreFinal() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.haveModifier(JavaModifier.FINAL)
			.check(MAIN_CLASSES);
	}

	@Test
	void autoConfigurationsHaveNoPublicMethods() {
		methods().that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.notBePublic()
			.allowEmptyShould(true)
			.check(MAIN_CLASSES);
	}

	@Test
	void beanMethodsAreNotPublic() {
		methods().that().areAnnotatedWith(Bean.class).should().notBePublic().check(MAIN_CLASSES);
	}

	@Test
	void beanMethodsAreNotConditionalOnClass() {
		noMethods().that()
			.areAnnotatedWith(Bean.class)
			.should()
			.beAnnotatedWith(ConditionalOnClass.class)
			.because("@ConditionalOnClass on a @Bean method cannot stop its return type from loading")
			.check(MAIN_CLASSES);
	}

	@Test
	void mainCodeDoesNotDependOnTestFixtures() {
		noClasses().that()
			.resideInAPackage("io.memguard..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.memguard.test..")
			.check(MAIN_CLASSES);
	}

	@Test
	void capabilitiesDoNotDependOnEachOtherInCycles() {
		slices().matching("io.memguard.(*)..").should().beFreeOfCycles().check(MAIN_CLASSES);
	}

	@Test
	void subPackagesOfACapabilityDoNotDependOnEachOtherInCycles() {
		slices().matching("io.memguard.(*).(*)..").should().beFreeOfCycles().check(MAIN_CLASSES);
	}

	@Test
	void memoryDependsOnNoOtherCapability() {
		classes().that()
			.resideInAPackage("io.memguard.memory..")
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage("io.memguard..")
				.or(resideInAnyPackage("io.memguard.memory..", "io.memguard.properties..")))
			.check(MAIN_CLASSES);
	}

	@Test
	void sharedRejectionPlumbingDependsOnNoCapability() {
		classes().that()
			.resideInAPackage("io.memguard.rejection..")
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage("io.memguard..")
				.or(resideInAnyPackage("io.memguard.rejection..", "io.memguard.memory..")))
			.check(MAIN_CLASSES);
	}

	@Test
	void schemaStartupStandsApartFromWebAndData() {
		noClasses().that()
			.resideInAPackage("io.memguard.schema..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.memguard.web..", "io.memguard.data..", "io.memguard.rejection..")
			.check(MAIN_CLASSES);
	}

	@Test
	void admissionKnowsNothingOfTheFiltersThatUseIt() {
		noClasses().that()
			.resideInAPackage("io.memguard.web.admission..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.memguard.web", "io.memguard.web.limits..")
			.check(MAIN_CLASSES);
	}

	@Test
	void dataCapabilitiesDoNotDependOnTheirAutoConfiguration() {
		noClasses().that()
			.resideInAnyPackage("io.memguard.data.page..", "io.memguard.data.export..", "io.memguard.data.batch..",
					"io.memguard.data.guard..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.memguard.data")
			.check(MAIN_CLASSES);
	}

	@Test
	void endpointSectionsAndMetricsBindersAreInternal() {
		classes()
			.that(resideInAnyPackage("io.memguard.web..", "io.memguard.data..", "io.memguard.jdbc..",
					"io.memguard.memory..", "io.memguard.rejection..", "io.memguard.heapdump..",
					"io.memguard.cleanup..", "io.memguard.schema..")
				.and(simpleNameEndingWith("MemorySection").or(simpleNameEndingWith("Metrics"))))
			.should()
			.notBePublic()
			.check(MAIN_CLASSES);
	}

}
