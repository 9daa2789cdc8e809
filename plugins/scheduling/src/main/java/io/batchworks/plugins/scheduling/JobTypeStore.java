package io.batchworks.plugins.scheduling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Job types: a name, the default length of their jobs, the services their jobs add when completed. */
final class JobTypeStore {

    private static final RowMapper<JobType> TYPE = (rs, n) -> new JobType(rs.getLong("id"), rs.getString("name"),
            rs.getInt("length_in_minutes"), Rows.ids(rs.getString("services")));

    private final JdbcClient jdbc;

    JobTypeStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    record JobType(long id, String name, int lengthInMinutes, List<Long> services) {
        Map<String, Object> view() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", id);
            v.put("name", name);
            v.put("length_in_minutes", lengthInMinutes);
            v.put("services", services);
            return v;
        }
    }

    long add(String name, int length, List<Long> services) {
        return Rows.insert(jdbc, "INSERT INTO sch_job_type (name, length_in_minutes, services) VALUES (?, ?, ?)", name, length,
                Rows.ids(services));
    }

    Optional<JobType> find(long id) {
        return jdbc.sql("SELECT * FROM sch_job_type WHERE id = ?").param(id).query(TYPE).optional();
    }

    List<JobType> list(int limit, long offset) {
        return jdbc.sql("SELECT * FROM sch_job_type ORDER BY id LIMIT ? OFFSET ?").params(limit, offset).query(TYPE).list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM sch_job_type").query(Long.class).single();
    }

    void update(JobType type) {
        jdbc.sql("UPDATE sch_job_type SET name = ?, length_in_minutes = ?, services = ? WHERE id = ?")
                .params(type.name(), type.lengthInMinutes(), Rows.ids(type.services()), type.id()).update();
    }

    /** False when jobs of the type remain. */
    boolean delete(long id) {
        if (jdbc.sql("SELECT count(*) FROM sch_job WHERE job_type_id = ?").param(id).query(Long.class).single() > 0) {
            return false;
        }
        return jdbc.sql("DELETE FROM sch_job_type WHERE id = ?").param(id).update() == 1;
    }
}
