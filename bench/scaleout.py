#!/usr/bin/env python3
"""Scale-out benchmark: a ratedeck import and a rating of many scopes' calls, on one node and on three.

Each figure is measured as a user sees it (create, upload, start, poll to the end) on a fresh PostgreSQL database:
  one node        the default: one node, tasks not split
  one node split  one node, tasks split over 2 local partition threads
  three nodes     three nodes on one database and RabbitMQ (127.0.0.1:5672), 6 partitions taken by 2 threads each
Prints `name seconds baseline ratio` (baseline: the one-node figure; ratio = seconds / baseline, lower is better).
The machine's cores bound what three nodes can gain: they share them with each other and with PostgreSQL.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench import BW, WORK, Engine, expect, generate, log, psql  # noqa: E402

DB = "bw_scale"
SCOPES = 40
HOURS = 24


def fresh_database():
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", "postgres")
    psql(f"CREATE DATABASE {DB}", "postgres")


def nodes(count, split):
    """`count` engines on the benchmark's database; with `split`, tasks are split (over the broker when count > 1)."""
    common = [f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{DB}", "--spring.datasource.username=postgres",
              "--reprocess.cycle-interval=86400"]
    if count > 1:
        common += ["--batchworks.task-files=database", "--spring.rabbitmq.host=127.0.0.1",
                   f"--batchworks.partition.queue=batchworks.bench.{os.getpid()}", "--batchworks.partition.threads=2",
                   f"--batchworks.partition.count={2 * count}", "--batchworks.partition.poll-interval=200ms"]
    elif split:
        common += ["--batchworks.partition.threads=2"]
    # one after another: each is ready before the next starts, so the first alone migrates the database
    return [Engine(f"node{i}", os.path.join(WORK, f"data-scale-{i}"), common + [f"--batchworks.node=bench{i}"])
            for i in range(1, count + 1)]


def rating_input(engine, calls):
    """Forty scopes (accounts) and their calls over a day, imported; the usage/rate task's CSV of their periods."""
    master = engine.call("GET", "/v2/token_auth")["data"]["account_id"]
    scopes = []
    for i in range(SCOPES):
        body = json.dumps({"data": {"name": f"scope {i}"}}).encode()
        scopes.append(engine.call("PUT", f"/v2/accounts/{master}", body, "application/json")["data"]["id"])
    start = (int(time.time()) // 3600 - HOURS - 6) * 3600
    usage = os.path.join(WORK, f"usage-{calls}.csv")
    with open(usage, "w") as out:
        subprocess.run([BW, "sample", "usage", str(calls), "--scopes", ",".join(scopes), "--from",
                        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start)), "--hours", str(HOURS)], stdout=out, check=True)
    _, task = engine.task("category=usage&action=import", usage)
    expect(task, calls, "usage import")
    rows = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-X", "-q", "-A", "-t", "-F", ",", "-c",
                           "SELECT scope_id, last_processed FROM rp_scope ORDER BY scope_id"],
                          check=True, capture_output=True, text=True).stdout.split()
    periods = os.path.join(WORK, "periods.csv")
    count = 0
    with open(periods, "w") as out:
        out.write("scope_id,period_start\n")
        for row in rows:
            scope, first = row.split(",")
            for period in range(int(first), start + HOURS * 3600, 3600):
                out.write(f"{scope},{period}\n")
                count += 1
    return periods, count


def deck(engine):
    """Every number priced: one rate per leading digit."""
    path = os.path.join(WORK, "digits.csv")
    with open(path, "w") as out:
        out.write("prefix,rate_cost\n" + "".join(f"{d},0.6\n" for d in range(1, 10)))
    _, task = engine.task("category=rates&action=import", path)
    expect(task, 9, "digits deck")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(args[0]) if args else 300_000
    calls = int(args[1]) if len(args) > 1 else 200_000
    csv = generate(rows)
    figures = {}
    for label, count, split in (("1node", 1, False), ("1node_split", 1, True), ("3nodes", 3, True)):
        log(f"{label}: fresh database, {count} node(s)")
        fresh_database()
        engines = nodes(count, split)
        try:
            first = engines[0]
            seconds, task = first.task("category=rates&action=import", csv)
            expect(task, rows, f"{label} import")
            figures[f"import_s_{label}"] = seconds
            deck(first)
            periods, count_periods = rating_input(first, calls)
            seconds, task = first.task("category=usage&action=rate", periods)
            expect(task, count_periods, f"{label} rating")
            figures[f"rating_s_{label}"] = seconds
        finally:
            for engine in engines:
                engine.stop()
    for name, seconds in figures.items():
        base = figures[name.split("_s_")[0] + "_s_1node"]
        print(f"{name} {seconds:.2f} {base:.2f} {seconds / base:.2f}", flush=True)
    print(f"# {rows} rates, {calls} calls over {SCOPES} scopes and {HOURS} hours", flush=True)


if __name__ == "__main__":
    main()
