package io.batchworks.engine.jobs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.plugin.data.Database;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * On HSQLDB, creates Spring Batch's job instances, job executions and step executions one at a time on this node.
 * Its id generators there are tables that two transactions cannot increment at once under MVCC ("Could not increment
 * identity"), and since job instance and execution are created in separate transactions, a collision between them
 * leaves an instance without an execution that no later launch can restart. HSQLDB in file mode serves one engine
 * process, so a lock in that process covers every writer; PostgreSQL, with real sequences, is left alone.
 */
@Component
class HsqldbJobRepositoryLock implements BeanPostProcessor {

    private static final Set<String> CREATING = Set.of("createJobInstance", "createJobExecution", "createStepExecution");
    private final ObjectProvider<EngineDatabase> database;
    private volatile Boolean hsqldb;

    /** The database is looked up at the first call: a post-processor is created before the beans it would need. */
    HsqldbJobRepositoryLock(ObjectProvider<EngineDatabase> database) {
        this.database = database;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof JobRepository)) {
            return bean;
        }
        Object lock = new Object();
        return Proxy.newProxyInstance(bean.getClass().getClassLoader(), ClassUtils.getAllInterfaces(bean), (proxy, method, args) -> {
            try {
                if (CREATING.contains(method.getName()) && hsqldb()) {
                    synchronized (lock) {
                        return method.invoke(bean, args);
                    }
                }
                return method.invoke(bean, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private boolean hsqldb() {
        if (hsqldb == null) {
            hsqldb = database.getObject().kind() == Database.HSQLDB;
        }
        return hsqldb;
    }
}
