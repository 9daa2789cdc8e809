#!/usr/bin/env python3
"""Batchworks benchmark: each figure beside its anchor, measured in the same run.

Prints one line per figure: `name value anchor ratio`, then one line with all ratios, then a `verdict NAME: met|MISSED`
line for each figure with a target:
  import_s                  the PostgreSQL import over a `psql \\copy` of the same CSV into a table with the same
                            columns and indexes: RUNS runs, each just after its anchor, and the run whose ratio is the
                            median; at most 1.3
  export_s                  the export, from the request to the file's last byte, over a `psql \\copy (SELECT ...) TO`
                            of the engine's own rows in the export's order: the median of RUNS runs; at most 1.3
  hsqldb_import_rows_per_s  the embedded default's import beside HSQLDB's own ceiling for the very rows it stored
                            (bench/peer/HsqldbCeiling.java: plain JDBC batches into the engine's own database, with its
                            URL settings); the engine at 0.9 of the ceiling or more
Beside psql's anchors, the import is also run by the peer a user would write instead (bench/peer/PlainSpringBatchImport.java,
a plain Spring Batch job) into a table with the same columns and indexes.
For times, ratio = value / anchor (lower is better); for rates, ratio = anchor / value (lower is better).
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BW = os.path.join(ROOT, "dist", "bw")
WORK = os.path.join(ROOT, "bench", "work")
JAR = os.path.join(ROOT, "dist", "batchworks.jar")
LAUNCHER = os.path.join(ROOT, "dist", "batchworks")
DB = "bw_bench"
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-X"]
CSV_COLUMNS = "prefix, rate_cost, rate_name, iso_country_code, direction, rate_increment, rate_minimum, rate_nocharge_time, rate_surcharge, description"
KEY = "ratedeck_id, prefix, iso_country_code, rate_suffix"
VALUE_COLUMNS = ["account_id", "rate_name", "description", "direction", "rate_cost", "internal_rate_cost", "rate_surcharge",
                 "rate_increment", "rate_minimum", "rate_nocharge_time", "rate_version", "carrier", "weight", "routes",
                 "caller_id_numbers"]
RUNS = 3
IMPORT_TARGET = 1.3  # the import's seconds over psql \copy's, median of RUNS
EXPORT_TARGET = 1.3  # the export's seconds (to the last byte) over psql \copy ... TO's, median of RUNS
HSQLDB_TARGET = 1 / 0.9  # HSQLDB's own rows/s over the engine's: the engine at 0.9 of the ceiling or more
ALL_COLUMNS = "ratedeck_id, prefix, iso_country_code, rate_suffix, " + ", ".join(VALUE_COLUMNS)


def log(msg):
    print(f"# {msg}", file=sys.stderr, flush=True)


def psql(sql, db=DB):
    subprocess.run(PSQL + ["-d", db, "-c", sql], check=True)


def timed_psql(sql, db=DB):
    t = time.monotonic()
    psql(sql, db)
    seconds = time.monotonic() - t
    settle()
    return seconds


def settle():
    """Pays the last step's cleanup debt before the next is timed: dead rows, statistics, dirty buffers.
    Without it, autovacuum of one side's table runs during the other side's measurement."""
    psql("VACUUM ANALYZE")
    psql("CHECKPOINT")


def generate(rows):
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, f"ratedeck-{rows}.csv")
    if not os.path.exists(path):
        log(f"generating {rows} rows")
        with open(path + ".tmp", "w") as out:
            subprocess.run([BW, "sample", "ratedeck", str(rows)], stdout=out, check=True)
        os.rename(path + ".tmp", path)
    return path


def delete_file(source, rows):
    """Every 10th rate's prefix: ROWS/10 prefixes, one column."""
    path = os.path.join(WORK, f"delete-{rows}.csv")
    with open(source) as src, open(path, "w") as out:
        out.write("prefix\n")
        next(src)
        for i, line in enumerate(src):
            if i % 10 == 0:
                out.write(line.split(",", 1)[0] + "\n")
    return path


def changed_file(source, rows):
    """The same rates, every rate_cost raised by 0.0001: a re-import in which every row is a real update."""
    import csv as csvlib
    path = os.path.join(WORK, f"changed-{rows}.csv")
    if not os.path.exists(path):
        with open(source, newline="") as src, open(path + ".tmp", "w", newline="") as out:
            reader = csvlib.reader(src)
            writer = csvlib.writer(out, lineterminator="\n")
            header = next(reader)
            writer.writerow(header)
            cost = header.index("rate_cost")
            for row in reader:
                row[cost] = f"{float(row[cost]) + 0.0001:.4f}"
                writer.writerow(row)
        os.rename(path + ".tmp", path)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Engine:
    """The engine from dist/, started as the README starts it (dist/batchworks, JVM options in JAVA_OPTS), with RSS
    sampled from /proc and heap from its GC log."""

    def __init__(self, name, data_dir, extra, heap="1g", fresh=True):
        if fresh:
            shutil.rmtree(data_dir, ignore_errors=True)
        os.makedirs(data_dir, exist_ok=True)
        self.port = free_port()
        self.gc_log = os.path.join(data_dir, f"gc-{self.port}.log")
        cmd = [LAUNCHER, f"--server.port={self.port}", f"--batchworks.data-dir={data_dir}"] + extra
        env = dict(os.environ, JAVA_OPTS=f"-Xmx{heap} -Xlog:gc:file={self.gc_log} " + os.environ.get("JAVA_OPTS", ""))
        self.log = open(os.path.join(data_dir, "engine.log"), "w" if fresh else "a")
        # the launcher execs java, so this process is the JVM: its RSS is sampled and a kill reaches it
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.base = f"http://127.0.0.1:{self.port}"
        self.peak_rss = 0
        self.upload_s = None
        self.sampling = True
        deadline = time.monotonic() + 120
        token_file = os.path.join(data_dir, "admin-token")
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"engine {name} exited; see {self.log.name}")
            try:
                urllib.request.urlopen(self.base + "/v2/tasks", timeout=2)
                if os.path.exists(token_file):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"engine {name} did not start; see {self.log.name}")
            time.sleep(0.2)
        self.token = open(token_file).read().strip()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self):
        while self.sampling and self.proc.poll() is None:
            try:
                with open(f"/proc/{self.proc.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            self.peak_rss = max(self.peak_rss, int(line.split()[1]) // 1024)
            except OSError:
                pass
            time.sleep(0.2)

    def peak_heap_mb(self):
        """The most heap in use before any collection, from the GC log."""
        peak = 0
        with open(self.gc_log) as f:
            for m in re.finditer(r"(\d+)M->\d+M\(\d+M\)", f.read()):
                peak = max(peak, int(m.group(1)))
        return peak

    def call(self, method, path, body=None, content_type=None, to_file=None):
        req = urllib.request.Request(self.base + path, method=method, data=body)
        req.add_header("X-Auth-Token", self.token)
        if content_type:
            req.add_header("Content-Type", content_type)
        if body is not None and hasattr(body, "read"):
            req.add_header("Content-Length", str(os.fstat(body.fileno()).st_size))
        if to_file:
            req.add_header("Accept", "text/csv")
        with urllib.request.urlopen(req, timeout=3600) as r:
            if to_file:
                with open(to_file, "wb") as out:
                    shutil.copyfileobj(r, out, 1 << 20)
                return None
            return json.load(r)

    def task(self, query, csv=None):
        """PUT (with the CSV streamed from disk), PATCH, poll to the end: seconds and the final task. The PUT's own
        seconds are kept in upload_s."""
        t = time.monotonic()
        if csv:
            with open(csv, "rb") as body:
                created = self.call("PUT", "/v2/tasks?" + query, body, "text/csv")
        else:
            created = self.call("PUT", "/v2/tasks?" + query)
        self.upload_s = time.monotonic() - t
        task_id = created["data"]["_read_only"]["id"]
        self.call("PATCH", f"/v2/tasks/{task_id}")
        while True:
            task = self.call("GET", f"/v2/tasks/{task_id}")["data"]["_read_only"]
            if task["status"] not in ("pending", "executing"):
                return time.monotonic() - t, task
            time.sleep(0.05)

    def kill(self):
        """kill -9, as a crash: no shutdown hook, no graceful end of the running chunk."""
        self.sampling = False
        self.proc.kill()
        self.proc.wait()
        self.log.close()

    def stop(self):
        self.sampling = False
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def plain_spring_batch(csv, table):
    """Seconds the peer's job takes (bench/peer/PlainSpringBatchImport.java, on the engine's own class path)."""
    classpath = open(os.path.join(ROOT, "engine", "target", "runtime-classpath.txt")).read().strip()
    out = subprocess.run(["java", "-Xmx1g", "-cp", classpath, os.path.join(ROOT, "bench", "peer", "PlainSpringBatchImport.java"),
                          csv, f"jdbc:postgresql://127.0.0.1:5432/{DB}", table], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def hsqldb_ceiling(engine):
    """Rows and seconds of bench/peer/HsqldbCeiling.java on the stopped engine's database, at the URL it logged."""
    with open(engine.log.name) as log_file:
        url = re.search(r"Database: (jdbc:hsqldb:\S+)", log_file.read()).group(1)
    classpath = open(os.path.join(ROOT, "engine", "target", "runtime-classpath.txt")).read().strip()
    out = subprocess.run(["java", "-Xmx1g", "-cp", classpath, os.path.join(ROOT, "bench", "peer", "HsqldbCeiling.java"),
                          url, "rates", os.path.join(WORK, "hsqldb-rows.bin")], check=True, capture_output=True, text=True)
    loaded, seconds = out.stdout.strip().splitlines()[-1].split()
    return int(loaded), float(seconds)


def median_run(runs):
    """The (value, anchor) pair of the run whose ratio is the median of RUNS runs."""
    return sorted(runs, key=lambda run: run[0] / run[1])[len(runs) // 2]


def expect(task, success, what):
    if task["status"] not in ("success", "partial") or task.get("success_count") != success:
        raise SystemExit(f"{what}: unexpected result {task}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    big = "--big" in sys.argv
    rows = int(args[0]) if args else 1_000_000
    if not os.path.exists(JAR):
        raise SystemExit("build first: mvn -B -DskipTests package")
    csv = generate(rows)
    deletes = delete_file(csv, rows)
    changed = changed_file(csv, rows)
    figures = []
    verdicts = []

    def figure(name, value, anchor, kind="time", target=None):
        """Prints `name value anchor ratio`; with a target (the most the ratio may be), a verdict line too."""
        ratio = (value / anchor if kind == "time" else anchor / value) if anchor else None
        figures.append((name, ratio))
        print(f"{name} {value:.2f} {'-' if anchor is None else f'{anchor:.2f}'} "
              f"{'-' if ratio is None else f'{ratio:.2f}'}", flush=True)
        if target:
            verdicts.append(f"verdict {name}: {'met' if ratio <= target else 'MISSED'} ("
                            + (f"{value / anchor:.2f} of its anchor, at least {1 / target:.2f}" if kind == "rate"
                               else f"{ratio:.2f} times its anchor, at most {target:.2f}") + ")")

    log(f"fresh PostgreSQL database {DB}")
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", "postgres")
    psql(f"CREATE DATABASE {DB}", "postgres")
    pg = Engine("postgres", os.path.join(WORK, "data-pg"),
                [f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{DB}", "--spring.datasource.username=postgres"])
    try:
        # the anchors' table: the engine's own rates table (created by the plugin's migration), same columns and indexes
        psql("CREATE TABLE anchor_rates (LIKE rates INCLUDING ALL);"
             "ALTER TABLE anchor_rates ALTER ratedeck_id SET DEFAULT 'ratedeck', ALTER weight SET DEFAULT 1,"
             " ALTER routes SET DEFAULT '[]';"
             "CREATE UNLOGGED TABLE anchor_stage (LIKE anchor_rates INCLUDING DEFAULTS); ALTER TABLE anchor_stage DROP COLUMN id;"
             "CREATE UNLOGGED TABLE anchor_delete (prefix VARCHAR(32));"
             "CREATE TABLE peer_rates (LIKE anchor_rates INCLUDING ALL);")

        log("import: three runs, each beside a psql \\copy of the same CSV just before it")
        copy = f"\\copy anchor_rates ({CSV_COLUMNS}) FROM '{csv}' CSV HEADER"
        runs = []
        for run in range(1, RUNS + 1):
            psql("TRUNCATE anchor_rates, rates")
            settle()
            anchor = timed_psql(copy)
            seconds, task = pg.task("category=rates&action=import", csv)
            expect(task, rows, "import")
            settle()
            figure(f"import_run{run}_s", seconds, anchor)
            figure(f"import_run{run}_upload_s", pg.upload_s, None)  # of which the PUT of the file
            runs.append((seconds, anchor))
        seconds, anchor = median_run(runs)
        figure("import_s", seconds, anchor, target=IMPORT_TARGET)
        settle()
        # The CSV's ten columns are less than the engine stores: it fills the rest as Kazoo does (account, name,
        # routes, weight), twice the bytes. A second anchor loads those very rows, written out from the engine's table.
        log("anchor of the engine's own rows")
        engine_rows = os.path.join(WORK, "engine-rows.txt")
        # in the CSV's order (anchor_rates' ids follow it): the engine writes each chunk in index order, and rows
        # in the engine's own order would hand the anchor that gain too
        columns = ", ".join(f"r.{c.strip()}" for c in ALL_COLUMNS.split(","))
        psql(f"\\copy (SELECT {columns} FROM rates r JOIN anchor_rates a USING ({KEY}) ORDER BY a.id) TO '{engine_rows}'")
        psql("CREATE TABLE anchor_full (LIKE rates INCLUDING ALL)")
        full = timed_psql(f"\\copy anchor_full ({ALL_COLUMNS}) FROM '{engine_rows}'")
        figure("import_vs_same_rows_s", seconds, full)
        psql("DROP TABLE anchor_full")
        os.remove(engine_rows)
        settle()
        log("the peer: a plain Spring Batch job (FlatFileItemReader, JdbcBatchItemWriter, chunks of 1,000)")
        peer = plain_spring_batch(csv, "peer_rates")
        figure("peer_import_s", peer, anchor)
        figure("import_vs_peer", seconds, peer)
        settle()

        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in VALUE_COLUMNS)
        for name, path in (("reimport_s", csv), ("reimport_changed_s", changed)):
            log(name)
            psql("TRUNCATE anchor_stage")
            psql(f"\\copy anchor_stage ({CSV_COLUMNS}) FROM '{path}' CSV HEADER")
            anchor = timed_psql(f"INSERT INTO anchor_rates ({ALL_COLUMNS}) SELECT {ALL_COLUMNS} FROM anchor_stage "
                                f"ON CONFLICT ({KEY}) DO UPDATE SET {updates}")
            seconds, task = pg.task("category=rates&action=import", path)
            expect(task, rows, name)
            figure(name, seconds, anchor)
            settle()

        log("export: three runs, each beside a psql \\copy ... TO of the same rows just before it")
        out = os.path.join(WORK, "export-anchor.csv")
        # the anchor exports the very rows the engine exports, from its own table and in its order: anchor_rates holds
        # the CSV's narrower rows (about two thirds of the bytes)
        runs = []
        for run in range(1, RUNS + 1):
            anchor = timed_psql(f"\\copy (SELECT {ALL_COLUMNS} FROM rates WHERE ratedeck_id = 'ratedeck' "
                                f"ORDER BY prefix, iso_country_code, rate_suffix) TO '{out}' CSV HEADER")
            # from the request to the last byte of the file: the export task, then its download
            t = time.monotonic()
            _, task = pg.task("category=rates&action=export")
            expect(task, rows, "export")
            pg.call("GET", f"/v2/tasks/{task['id']}?csv_name=out.csv", to_file=os.path.join(WORK, "export-engine.csv"))
            seconds = time.monotonic() - t
            settle()
            figure(f"export_run{run}_s", seconds, anchor)
            runs.append((seconds, anchor))
        seconds, anchor = median_run(runs)
        figure("export_s", seconds, anchor, target=EXPORT_TARGET)

        log("delete")
        psql(f"\\copy anchor_delete (prefix) FROM '{deletes}' CSV HEADER")
        anchor = timed_psql("DELETE FROM anchor_rates r USING anchor_delete d WHERE r.ratedeck_id = 'ratedeck' AND r.prefix = d.prefix")
        seconds, task = pg.task("category=rates&action=delete", deletes)
        expect(task, (rows + 9) // 10, "delete")
        figure("delete_s", seconds, anchor)

        figure("peak_rss_mb", pg.peak_rss, None)
        figure("peak_heap_mb", pg.peak_heap_mb(), None)
    finally:
        pg.stop()

    log("HSQLDB import")
    hsql = Engine("hsqldb", os.path.join(WORK, "data-hsqldb"), [])
    try:
        seconds, task = hsql.task("category=rates&action=import", csv)
        expect(task, rows, "hsqldb import")
    finally:
        hsql.stop()
    log("HSQLDB's own ceiling: the engine's stored rows inserted back in plain JDBC batches, into its own stopped database")
    loaded, ceiling = hsqldb_ceiling(hsql)
    if loaded != rows:
        raise SystemExit(f"HSQLDB ceiling loaded {loaded} rows, not {rows}")
    figure("hsqldb_import_rows_per_s", rows / seconds, rows / ceiling, kind="rate", target=HSQLDB_TARGET)

    if big:
        # RSS is compared at one heap limit: the same import of ROWS and of 10 x ROWS, both under -Xmx256m.
        big_rows = 10 * rows
        big_csv = generate(big_rows)
        rss = {}
        for n, path in ((rows, csv), (big_rows, big_csv)):
            log(f"{n}-row import under -Xmx256m")
            psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", "postgres")
            psql(f"CREATE DATABASE {DB}", "postgres")
            engine = Engine(f"small-heap-{n}", os.path.join(WORK, "data-big"),
                            [f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{DB}", "--spring.datasource.username=postgres"],
                            heap="256m")
            try:
                seconds, task = engine.task("category=rates&action=import", path)
                expect(task, n, f"{n}-row import")
                rss[n] = engine.peak_rss
                if n == big_rows:
                    figure("big_import_s", seconds, None)
                    figure("big_peak_heap_mb", engine.peak_heap_mb(), 256)
                    figure("big_peak_rss_mb", engine.peak_rss, rss[rows])
            finally:
                engine.stop()

    print("ratios " + " ".join(f"{n}={r:.2f}" for n, r in figures if r is not None), flush=True)
    for verdict in verdicts:
        print(verdict, flush=True)


if __name__ == "__main__":
    main()
