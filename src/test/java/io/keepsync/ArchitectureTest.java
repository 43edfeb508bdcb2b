package io.keepsync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The map of docs/architecture.md, checked: features and roles depend in one direction, no two packages depend on
 * each other (a parent and its child included), SQL runs only in repositories, and only the classes that answer HTTP
 * see HTTP types.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.keepsync");

    /** What each feature and role may depend on besides itself; the table in docs/architecture.md. */
    private static final List<Layer> LAYERS = List.of(
            new Layer("common", Set.of()),
            new Layer("auth", Set.of("common")),
            new Layer("live", Set.of("auth", "common")),
            new Layer("sync", Set.of("auth", "live", "common")),
            new Layer("backup", Set.of("auth", "live", "common")),
            new Layer("snapshots", Set.of("auth", "sync", "backup", "live", "common")),
            new Layer("console", Set.of("auth", "sync", "backup", "snapshots", "live", "common")),
            new Layer("maintenance", Set.of("auth", "sync", "backup", "snapshots", "common")));

    private static final Set<String> FEATURES = Set.of("common", "auth", "live", "sync", "backup", "snapshots",
            "console", "maintenance");

    record Layer(String name, Set<String> uses) {
    }

    @Test
    void features_and_roles_depend_only_on_those_below_them() {
        for (Layer layer : LAYERS) {
            String[] forbidden = FEATURES.stream()
                    .filter(other -> !other.equals(layer.name()) && !layer.uses().contains(other))
                    .map(other -> "io.keepsync." + other + "..").toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage("io.keepsync." + layer.name() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .because("docs/architecture.md: " + layer.name() + " uses only " + layer.uses());
            rule.check(CLASSES);
        }
    }

    @Test
    void nothing_depends_on_the_application_root() {
        noClasses().that().resideOutsideOfPackage("io.keepsync").should().dependOnClassesThat()
                .resideInAPackage("io.keepsync").because("the root holds the packaged application's commands")
                .check(CLASSES);
    }

    @Test
    void no_two_packages_depend_on_each_other_parents_and_children_included() {
        slices().matching("io.keepsync.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void sql_runs_only_in_repositories() {
        noClasses().that(notRepository()).should().callCodeUnitWhere(runsSql())
                .orShould().dependOnClassesThat().belongToAnyOf(Connection.class, DriverManager.class, Statement.class,
                        ResultSet.class, DataSource.class)
                .orShould().dependOnClassesThat().resideInAPackage("io.agroal..")
                .because("a service that needs data calls its repository (the SQLite files the backups inspect are "
                        + "the exception)")
                .check(CLASSES.that(DescribedPredicate.not(inspectsSqliteFiles())));
    }

    @Test
    void only_the_classes_that_answer_http_see_http_types() {
        noClasses().that(DescribedPredicate.not(answersHttp())).should().dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..", "io.vertx.core.http..", "io.vertx.ext.web..",
                        "org.jboss.resteasy.reactive..", "io.quarkus.vertx.http..")
                .because("HTTP parsing stays in the resource: services take typed records")
                .check(CLASSES);
    }

    /** Repositories, and the entities whose Panache methods they call. */
    private static DescribedPredicate<JavaClass> notRepository() {
        return DescribedPredicate.describe("are not repositories",
                javaClass -> !outermost(javaClass).getSimpleName().endsWith("Repository"));
    }

    /**
     * A call that creates or runs a query: the entity manager or Hibernate session, or a Panache entity's static query
     * methods (a persisted entity's own changes are not SQL written by hand).
     */
    private static DescribedPredicate<JavaAccess<?>> runsSql() {
        return DescribedPredicate.describe("create or run a query", access -> {
            JavaClass owner = access.getTargetOwner();
            if (owner.isAssignableTo(jakarta.persistence.EntityManager.class)
                    || owner.isAssignableTo(org.hibernate.Session.class)) {
                return true;
            }
            if (!owner.isAssignableTo(PanacheEntityBase.class)) {
                return false;
            }
            return access.getTarget().resolveMember().map(JavaCodeUnit.class::cast)
                    .map(member -> member.getModifiers().contains(JavaModifier.STATIC))
                    .orElse(!Set.of("persist", "persistAndFlush", "delete", "isPersistent")
                            .contains(access.getTarget().getName()));
        });
    }

    /**
     * The inspection of uploaded SQLite files and the writing and reading of server snapshots go through sqlite-jdbc:
     * that is the files' SQL, not the service's.
     */
    private static DescribedPredicate<JavaClass> inspectsSqliteFiles() {
        return DescribedPredicate.describe("read or write SQLite files",
                javaClass -> Set.of("SnapshotInspector", "SnapshotFile").contains(outermost(javaClass).getSimpleName()));
    }

    /**
     * Resources, routes, the writers of responses and the authentication mechanism, and the packages whose whole role is
     * HTTP: the console's pages and common/http, common/error.
     */
    private static DescribedPredicate<JavaClass> answersHttp() {
        return DescribedPredicate.describe("answer HTTP", javaClass -> {
            JavaClass outer = outermost(javaClass);
            String name = outer.getSimpleName();
            String pkg = outer.getPackageName();
            return name.endsWith("Resource") || name.endsWith("Routes") || name.endsWith("Responses")
                    || name.endsWith("Response") || name.endsWith("AuthenticationMechanism")
                    || outer.isAnnotatedWith(jakarta.ws.rs.Path.class) || pkg.startsWith("io.keepsync.console")
                    || pkg.equals("io.keepsync.common.http") || pkg.equals("io.keepsync.common.error");
        });
    }

    private static JavaClass outermost(JavaClass javaClass) {
        JavaClass current = javaClass;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }
}
