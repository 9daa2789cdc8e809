package io.batchworks.engine.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scenarios of a class of {@link EngineScenarios} or {@link ForkedScenarios} run on PostgreSQL only: those that
 * need what only it offers (several nodes on one database, its wire protocol).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.Kind.class, names = "POSTGRESQL")
public @interface OnPostgres {
}
