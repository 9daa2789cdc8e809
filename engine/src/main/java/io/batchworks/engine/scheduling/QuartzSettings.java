package io.batchworks.engine.scheduling;

import java.util.Properties;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.plugin.data.Database;

import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Quartz on the engine's database: JDBC job store, clustered, so that several engine nodes sharing one
 * PostgreSQL fire each trigger once. The driver delegate follows the database the engine found.
 */
@Configuration(proxyBeanMethods = false)
class QuartzSettings {

    @Bean
    SchedulerFactoryBeanCustomizer clusteredQuartz(EngineDatabase database) {
        return factory -> {
            Properties quartz = new Properties();
            quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
            quartz.setProperty("org.quartz.jobStore.isClustered", "true");
            quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
            quartz.setProperty("org.quartz.jobStore.useProperties", "true");
            quartz.setProperty("org.quartz.jobStore.driverDelegateClass", database.kind() == Database.POSTGRESQL
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.HSQLDBDelegate");
            quartz.setProperty("org.quartz.threadPool.threadCount", "2");
            factory.setQuartzProperties(quartz);
        };
    }
}
