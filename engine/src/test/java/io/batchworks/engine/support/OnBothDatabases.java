package io.batchworks.engine.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scenarios of a class of {@link EngineScenarios} or {@link ForkedScenarios} run twice, on a fresh HSQLDB and
 * on a fresh PostgreSQL database: one class, whose runs are named after the database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
public @interface OnBothDatabases {
}
