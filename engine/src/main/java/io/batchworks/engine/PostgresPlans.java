package io.batchworks.engine;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, every statement is planned with its values ({@code plan_cache_mode = force_custom_plan}). The
 * JDBC driver prepares a statement used five times once per connection, and PostgreSQL then keeps one generic plan,
 * costed against the table as it was. The engine's tables start empty and grow by millions of rows inside one job,
 * so a plan chosen on the empty table (search a job's results by job alone, a sequential scan) stays on the full
 * one, and a job of n rows costs n squared. Planning each time costs far less than that. A connection set-up the
 * operator configured is left alone. The database is told here by the pool's URL, not by {@link EngineDatabase}:
 * that asks a connection, and the set-up must be in place before the pool opens its first one.
 */
@Component
class PostgresPlans implements BeanPostProcessor {

    static final String CUSTOM_PLANS = "SET plan_cache_mode = force_custom_plan";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:postgresql:") && pool.getConnectionInitSql() == null) {
            pool.setConnectionInitSql(CUSTOM_PLANS);
        }
        return bean;
    }
}
