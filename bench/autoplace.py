#!/usr/bin/env python3
"""Benchmark of scheduling/autoplace: JOBS queued jobs (default 5,000) over 200 technicians and two weeks, placed by
one task, beside the anchor of a client doing the same through Sonar's API, one job at a time (find_any_available_space
for the job, then PATCH it into the earliest quarter hour of the answer), as a person's script against Sonar would.
The anchor places the first ANCHOR_JOBS jobs (default 200) from the same starting state; both figures are jobs per
second, so the ratio (anchor / autoplace) is below 1 when the task is faster. The anchor ignores desired date/times
(it does less work than autoplace for those jobs).

    bench/autoplace.py [JOBS] [ANCHOR_JOBS]

Prints `name value anchor ratio` lines like bench/run.sh. Needs the built dist/ and PostgreSQL at 127.0.0.1:5432.
"""
import datetime
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from bench import JAR, WORK, Engine, log, psql  # noqa: E402

DB = "bw_bench_sched"
FIRST = datetime.date(2030, 1, 7)  # a Monday
DAYS = 14
QUARTER = 900


def workload(jobs):
    """The office, written by SQL: deterministic, no randomness but arithmetic on ids."""
    first = (FIRST - datetime.date(1970, 1, 1)).days * 86400
    psql(f"""
        INSERT INTO sch_job_type (name, length_in_minutes) SELECT 'type ' || t, 30 * t FROM generate_series(1, 4) t;
        INSERT INTO sch_user (name) SELECT 'tech ' || u FROM generate_series(1, 200) u;
        INSERT INTO sch_working_hours SELECT u.id, d, (420 + 30 * (u.id % 5)) * 60, 43200 FROM sch_user u, generate_series(1, 5) d;
        INSERT INTO sch_working_hours SELECT u.id, d, 45000, (420 + 30 * (u.id % 5)) * 60 + 30600 FROM sch_user u, generate_series(1, 5) d;
        INSERT INTO sch_working_hours SELECT id, 6, 28800, 43200 FROM sch_user WHERE id % 5 = 0;
        INSERT INTO sch_time_off (user_id, start_s, end_s)
            SELECT id, {first} + 86400 * ((id % 13) + 1), {first} + 86400 * ((id % 13) + 2) FROM sch_user WHERE id % 10 = 3;
        INSERT INTO sch_geofence (user_id, entity_type, entity_id)
            SELECT id, 'account', 1 + (id * 7 + k * 13) % 100 FROM sch_user, generate_series(0, 4) k WHERE id % 4 = 1;
        INSERT INTO sch_job (job_type_id, length_in_minutes, assigned_type, assigned_id, status)
            SELECT (SELECT min(id) FROM sch_job_type) + j % 4, 30 * (j % 4 + 1),
                   CASE WHEN j % 4 = 0 THEN 'network_sites' ELSE 'accounts' END, 1 + (j * 37) % 100, 'queued'
            FROM generate_series(1, {jobs}) j;
        INSERT INTO sch_desired (job_id, day, start_s, end_s)
            SELECT id, DATE '{FIRST}' + (id * 11 % {DAYS})::int, (8 + id % 7) * 3600, (11 + id % 7) * 3600 FROM sch_job WHERE id % 3 = 0;
    """, DB)
    psql("VACUUM ANALYZE", DB)


def requeue():
    psql("DELETE FROM sch_booking; UPDATE sch_job SET status = 'queued', scheduled_s = NULL", DB)
    psql("VACUUM ANALYZE", DB)


def place_by_api(engine, job):
    """What a client of Sonar's API does for one job: ask for space, book the earliest quarter hour of it."""
    entity = ("account" if job["assigned_type"] == "accounts" else "network_site")
    query = urllib.parse.urlencode({"start_date": str(FIRST), "end_date": str(FIRST + datetime.timedelta(days=DAYS - 1)),
                                    "length_in_minutes": job["length_in_minutes"], "job_type_id": job["job_type_id"],
                                    "entityType": entity, "entityId": job["assigned_id"]})
    space = engine.call("GET", "/api/v1/scheduling/jobs/find_any_available_space?" + query)["data"]
    length = job["length_in_minutes"] * 60
    for day in sorted(space):
        best = None
        for user, blocks in space[day].items():
            for block in blocks:
                start = seconds(block["start"])
                start = -(-start // QUARTER) * QUARTER
                if start + length <= seconds(block["end"]) and (best is None or (start, int(user)) < best):
                    best = (start, int(user))
        if best:
            at = f"{day} {best[0] // 3600:02d}:{best[0] // 60 % 60:02d}:00"
            body = f'{{"scheduled_datetime": "{at}", "user_ids": [{best[1]}]}}'.encode()
            engine.call("PATCH", f"/api/v1/scheduling/jobs/{job['id']}", body, "application/json")
            return True
    return False


def seconds(text):
    h, m, s = (int(p) for p in text.split(":"))
    return h * 3600 + m * 60 + s


def main():
    args = [int(a) for a in sys.argv[1:]]
    jobs = args[0] if args else 5000
    anchor_jobs = args[1] if len(args) > 1 else 200
    if not os.path.exists(JAR):
        raise SystemExit("build first: mvn -B -DskipTests package")
    log(f"fresh PostgreSQL database {DB}")
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", "postgres")
    psql(f"CREATE DATABASE {DB}", "postgres")
    engine = Engine("postgres", os.path.join(WORK, "data-sched"),
                    [f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{DB}", "--spring.datasource.username=postgres"])
    try:
        workload(jobs)
        log(f"autoplace of {jobs} jobs")
        task_s, task = engine.task(f"category=scheduling&action=autoplace&from={FIRST}&to={FIRST + datetime.timedelta(days=DAYS - 1)}")
        if task["status"] not in ("success", "partial") or task["success_count"] + task["failure_count"] != jobs:
            raise SystemExit(f"autoplace: unexpected result {task}")
        rate = jobs / task_s
        requeue()
        log(f"the API client, {anchor_jobs} jobs")
        t = time.monotonic()
        for job in engine.call("GET", f"/api/v1/scheduling/jobs?limit={anchor_jobs}")["data"]:
            place_by_api(engine, job)
        anchor_rate = anchor_jobs / (time.monotonic() - t)
        print(f"autoplace_s {task_s:.2f} - -")
        print(f"autoplace_placed {task['success_count']} - -")
        print(f"autoplace_jobs_per_s {rate:.2f} {anchor_rate:.2f} {anchor_rate / rate:.2f}", flush=True)
    finally:
        engine.stop()


if __name__ == "__main__":
    main()
