package io.batchworks.engine.jobs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.observation.ObservationPredicate;

/**
 * Which of Spring Batch's observations are kept: jobs, steps and chunk writes, not each item. Spring Batch observes
 * every item read and processed; at a million rows a task that was a million timer look-ups and updates twice over on
 * the step's thread, the one that feeds the database, for meters that say no more than the step's own.
 */
@Configuration(proxyBeanMethods = false)
class JobObservations {

    private static final String PER_ITEM = "spring.batch.item.";

    @Bean
    ObservationPredicate noObservationPerItem() {
        return (name, context) -> !name.startsWith(PER_ITEM);
    }
}
