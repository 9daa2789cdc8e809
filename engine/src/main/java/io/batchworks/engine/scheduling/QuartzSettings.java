package io.batchworks.engine.scheduling;

import java.time.Duration;
import java.util.Properties;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.plugin.data.Database;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Quartz on the engine's database: JDBC job store, clustered, so that several engine nodes sharing one
 * PostgreSQL fire each trigger once. The driver delegate follows the database the engine found.
 */
@Configuration(proxyBeanMethods = false)
class QuartzSettings {

    /**
     * How late a trigger may fire and still count as on time ({@code batchworks.schedules.misfire-threshold}); a fire
     * later than this, because no node ran, is missed, and its trigger's misfire policy applies.
     */
    @Bean
    SchedulerFactoryBeanCustomizer clusteredQuartz(EngineDatabase database,
                                                   @Value("${batchworks.schedules.misfire-threshold:5s}") Duration misfireThreshold) {
        return factory -> {
            Properties quartz = new Properties();
            quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
            quartz.setProperty("org.quartz.jobStore.isClustered", "true");
            quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
            quartz.setProperty("org.quartz.jobStore.useProperties", "true");
            quartz.setProperty("org.quartz.jobStore.driverDelegateClass", database.kind() == Database.POSTGRESQL
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.HSQLDBDelegate");
            quartz.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold.toMillis()));
            quartz.setProperty("org.quartz.threadPool.threadCount", "4");
            factory.setQuartzProperties(quartz);
        };
    }
}
