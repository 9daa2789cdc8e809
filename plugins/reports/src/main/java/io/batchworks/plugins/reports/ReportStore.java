package io.batchworks.plugins.reports;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.batchworks.plugin.data.Database;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** The {@code tr_report} table: reports per instance, and the schedule's state, changed by compare-and-set. */
final class ReportStore {

    private static final String COLUMNS = "report_serial, instance_id, account_id, description, program_section, mime_type, "
            + "data_source, target_address, frequency_us, shift_us, next_slot_us, retry_at_us, attempts, sent, skipped, "
            + "last_error_code, last_error_detail";

    private final JdbcTemplate jdbc;
    private final String walkingTheIndex;

    ReportStore(DataSource dataSource, Database database) {
        this.jdbc = new JdbcTemplate(dataSource);
        // on HSQLDB, USING INDEX makes a page walk the index its ORDER BY lists instead of sorting every match
        this.walkingTheIndex = database == Database.HSQLDB ? " USING INDEX" : "";
    }

    long insert(Instance instance, ReportSpec spec, long nextSlotUs) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement s = c.prepareStatement("INSERT INTO tr_report (instance_id, account_id, description, program_section, "
                    + "mime_type, data_source, target_address, frequency_us, shift_us, next_slot_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            s.setString(1, instance.id());
            s.setString(2, instance.accountId());
            setSpec(s, 3, spec);
            s.setLong(10, nextSlotUs);
            return s;
        }, keys);
        // PostgreSQL hands back every column, HSQLDB the identity alone
        Map<String, Object> row = keys.getKeyList().get(0);
        return row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("report_serial")).findFirst()
                .map(e -> ((Number) e.getValue()).longValue()).orElseThrow();
    }

    Optional<Report> find(String instanceId, long serial) {
        return jdbc.query("SELECT " + COLUMNS + " FROM tr_report WHERE instance_id = ? AND report_serial = ?", ReportStore::report,
                instanceId, serial).stream().findFirst();
    }

    Optional<Report> find(long serial) {
        return jdbc.query("SELECT " + COLUMNS + " FROM tr_report WHERE report_serial = ?", ReportStore::report, serial).stream().findFirst();
    }

    /** Taler's paging: {@code limit} < 0 newest first below {@code offset}, > 0 oldest first above it. */
    List<Report> list(String instanceId, int limit, Long offset) {
        String order = limit < 0 ? " DESC" : " ASC";
        // ordered by tr_report_instance's columns (walkingTheIndex)
        String sql = "SELECT " + COLUMNS + " FROM tr_report WHERE instance_id = ? AND report_serial " + (limit < 0 ? "<" : ">")
                + " ? ORDER BY instance_id" + order + ", report_serial" + order + " FETCH FIRST " + Math.abs(limit) + " ROWS ONLY"
                + walkingTheIndex;
        long from = offset != null ? offset : limit < 0 ? Long.MAX_VALUE : 0;
        return jdbc.query(sql, ReportStore::report, instanceId, from);
    }

    /** PATCH: the request replaced, the schedule started over. */
    boolean replace(String instanceId, long serial, ReportSpec spec, long nextSlotUs) {
        return jdbc.update(c -> {
            PreparedStatement s = c.prepareStatement("UPDATE tr_report SET description = ?, program_section = ?, mime_type = ?, "
                    + "data_source = ?, target_address = ?, frequency_us = ?, shift_us = ?, next_slot_us = ?, retry_at_us = NULL, "
                    + "attempts = 0, last_error_code = NULL, last_error_detail = NULL WHERE instance_id = ? AND report_serial = ?");
            setSpec(s, 1, spec);
            s.setLong(8, nextSlotUs);
            s.setString(9, instanceId);
            s.setLong(10, serial);
            return s;
        }) == 1;
    }

    boolean delete(String instanceId, long serial) {
        return jdbc.update("DELETE FROM tr_report WHERE instance_id = ? AND report_serial = ?", instanceId, serial) == 1;
    }

    /** Reports with a slot due and no back-off pending, most overdue first. */
    List<Long> due(long nowUs) {
        return jdbc.queryForList("SELECT report_serial FROM tr_report WHERE next_slot_us <= ? AND (retry_at_us IS NULL OR retry_at_us <= ?) "
                + "ORDER BY next_slot_us FETCH FIRST 500 ROWS ONLY", Long.class, nowUs, nowUs);
    }

    /** The slot went out (here or on another node): move on to {@code nextSlotUs}, unless someone else already did. */
    void advanced(Report was, long nextSlotUs, long skipped, boolean sentHere) {
        jdbc.update("UPDATE tr_report SET next_slot_us = ?, skipped = skipped + ?, sent = sent + ?, attempts = 0, retry_at_us = NULL, "
                + "last_error_code = NULL, last_error_detail = NULL WHERE report_serial = ? AND next_slot_us = ?",
                nextSlotUs, skipped, sentHere ? 1 : 0, was.serial(), was.nextSlotUs());
    }

    /** The slot failed: keep it, wait {@code retryAtUs}, and say why. */
    void failed(Report was, long slotUs, long skipped, long retryAtUs, int code, String detail) {
        jdbc.update("UPDATE tr_report SET next_slot_us = ?, skipped = skipped + ?, attempts = attempts + 1, retry_at_us = ?, "
                + "last_error_code = ?, last_error_detail = ? WHERE report_serial = ? AND next_slot_us = ?",
                slotUs, skipped, retryAtUs, code, detail.length() > 4000 ? detail.substring(0, 4000) : detail, was.serial(), was.nextSlotUs());
    }

    private static void setSpec(PreparedStatement s, int first, ReportSpec spec) throws SQLException {
        s.setString(first, spec.description());
        s.setString(first + 1, spec.programSection());
        s.setString(first + 2, spec.mimeType());
        s.setString(first + 3, spec.dataSource());
        s.setString(first + 4, spec.targetAddress());
        s.setLong(first + 5, spec.frequencyUs());
        s.setLong(first + 6, spec.shiftUs());
    }

    private static Report report(ResultSet rs, int row) throws SQLException {
        ReportSpec spec = new ReportSpec(rs.getString("description"), rs.getString("program_section"), rs.getString("mime_type"),
                rs.getString("data_source"), rs.getString("target_address"), rs.getLong("frequency_us"), rs.getLong("shift_us"));
        long retry = rs.getLong("retry_at_us");
        Long retryAt = rs.wasNull() ? null : retry;
        int code = rs.getInt("last_error_code");
        Integer errorCode = rs.wasNull() ? null : code;
        return new Report(rs.getLong("report_serial"), rs.getString("instance_id"), rs.getString("account_id"), spec,
                rs.getLong("next_slot_us"), retryAt, rs.getInt("attempts"), rs.getLong("sent"), rs.getLong("skipped"), errorCode,
                rs.getString("last_error_detail"));
    }
}
