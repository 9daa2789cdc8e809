#!/usr/bin/env python3
"""Request benchmark: rate lookups over a big deck, an authenticated GET and an anonymous one, through the API.

Each with its anchor from the same run:
  lookups_per_s      wrk (16 connections) on GET /v2/rates/number/{N}, numbers drawn from the deck's prefixes;
                     anchor: pgbench (prepared, 8 clients) running the same longest-prefix query on the same table,
                     the mean of a run just before the lookups and one just after the stack alone (a 2-core
                     machine's speed drifts over minutes: the anchor is taken beside the figure, not minutes apart)
  lookup_p99_ms      that wrk run's 99th percentile; anchor: the 10 ms target
  stack_alone_per_s  the part every route pays, alone: wrk on GET /v2/token_auth (a token's account, answered from
                     memory: the same server, filters, security and JSON envelope as a lookup, without the lookup);
                     anchor: pgbench's rate. Then lookups_vs_stack: the lookups beside it. Where the stack alone is
                     slower than pgbench, the lookups' verdict says so, and whether they reach 0.9 of the stack
  index_ready_s      from the import's end to the deck held in memory (a lookup starts the build); anchor: 10 s
  restart_index_ready_s  the same from a restart of the engine; anchor: 10 s
  cold_lookups_per_s, cold_lookup_p99_ms  the first 10 s of lookups after that restart (a JIT-cold engine, as after
                     a deploy); anchor: the warm figures
  bulk_numbers_per_s wrk (16 connections) on POST /v2/rates/numbers, 1,000 of those numbers a request, counted in
                     numbers; anchor: pgbench's rate, then (bulk_vs_single) the single lookups' rate of this run
  auth_get_per_s     wrk on GET /v2/plugins with a token; anchor: the 10,000 req/s target
  anon_get_per_s     wrk on GET /v2/tasks (the help, no token); anchor: the authenticated figure
  create_p50_ms,     PUT /v2/tasks (an export, not started) at a fixed 200 requests a second for 10 s, each latency
  create_p99_ms      from when it was due (so a stall counts for every request it delays); anchor: the 20 ms target
The warm figures come after a minute of warm-up (the JIT of a 2-core machine takes about that long to settle under
load): a user's server has been up for a while. Lookups start once the deck is held in memory (GET /v2/rates/lookup-index).
Prints `name value anchor ratio` (ratio: lower is better), then a verdict line for each figure whose anchor is its
target, and keeps wrk's and pgbench's own output in bench/work/.
Needs the built dist/, PostgreSQL at 127.0.0.1:5432, wrk and pgbench.
"""
import os
import http.client
import json
import random
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench import WORK, Engine, expect, generate, log, psql  # noqa: E402

DB = "bw_requests"
DURATION = "10s"
STACK_ALONE = 'wrk.path = "/v2/token_auth"\n'
BULK = 1000


def wrk(engine, path_lua, name, token=True):
    """req/s and p99 (ms) of a wrk run; `path_lua` is the script's request line."""
    script = os.path.join(WORK, f"{name}.lua")
    header = f'wrk.headers["X-Auth-Token"] = "{engine.token}"\n' if token else ""
    with open(script, "w") as f:
        f.write(header + path_lua)
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{DURATION}", "--latency", "-s", script, engine.base],
                         check=True, capture_output=True, text=True).stdout
    with open(os.path.join(WORK, f"{name}.wrk.txt"), "w") as f:
        f.write(out)
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise SystemExit(f"{name}: some answers were errors; see {name}.wrk.txt")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    return rate, float(p99.group(1)) * scale


def await_indexed(engine, deck="ratedeck", timeout=300):
    """Lookups (which start the build) until the node holds the deck in memory."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            engine.call("GET", f"/v2/rates/number/1999?ratedeck_id={deck}")
        except OSError:
            pass  # 404: no rate for it, which is fine
        decks = engine.call("GET", "/v2/rates/lookup-index")["data"]["ratedecks"]
        if any(d["ratedeck_id"] == deck and d["state"] == "indexed" for d in decks):
            return
        time.sleep(0.5)
    raise SystemExit(f"deck {deck} was not indexed in {timeout} s")


def fixed_rate(engine, path, rate=200, seconds=10, clients=32):
    """p50 and p99 (ms) of PUT `path` sent at `rate` a second, each timed from when it was due."""
    due = [i / rate for i in range(rate * seconds)]
    latencies = []
    failures = []
    lock = threading.Lock()
    start = time.monotonic() + 0.5

    def client(mine):
        conn = http.client.HTTPConnection("127.0.0.1", engine.port, timeout=30)
        try:
            for at in mine:
                delay = start + at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                conn.request("PUT", path, headers={"X-Auth-Token": engine.token, "Content-Length": "0"})
                reply = conn.getresponse()
                reply.read()
                with lock:
                    if reply.status != 201:
                        failures.append(reply.status)
                    latencies.append(time.monotonic() - (start + at))
        except (OSError, http.client.HTTPException) as e:
            with lock:
                failures.append(repr(e))
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(due[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:  # a thread cannot end the run itself: its SystemExit would only end the thread
        raise SystemExit(f"PUT {path}: {len(failures)} requests failed or were not answered 201, e.g. {failures[0]}")
    latencies.sort()
    return latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99)] * 1000


def pgbench(query, name):
    """pgbench's rate for the lookup's query (prepared, 8 clients), its output kept in bench/work/."""
    out = subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-M", "prepared", "-c", "8", "-j", "2",
                          "-T", DURATION.rstrip("s"), "-f", query, DB], check=True, capture_output=True, text=True).stdout
    with open(os.path.join(WORK, f"lookup.pgbench-{name}.txt"), "w") as f:
        f.write(out)
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def lookups_verdict(rate, anchor, stack):
    """Met at pgbench's rate or above; below it, whether the HTTP stack alone is what sets the limit: slower than
    pgbench itself, and the lookups within a tenth of it."""
    said = f"{rate:.2f} beside {anchor:.2f}; target: at least pgbench's rate for the same query"
    if rate >= anchor:
        return f"verdict lookups_per_s: met ({said})"
    if stack < anchor and rate >= 0.9 * stack:
        return (f"verdict lookups_per_s: at its part's limit ({said}; the HTTP stack alone, with no lookup, answers "
                f"{stack:.2f}/s, slower than pgbench, and the lookups reach {rate / stack:.2f} of it)")
    return f"verdict lookups_per_s: MISSED ({said}; the HTTP stack alone answers {stack:.2f}/s)"


def numbers(deck_csv, count=2000, seed=7):
    """Numbers that fall under the deck's prefixes: a prefix of the deck and a few more digits."""
    rng = random.Random(seed)
    with open(deck_csv) as f:
        next(f)
        prefixes = [line.split(",", 1)[0] for _, line in zip(range(200_000), f)]
    return [p + "".join(rng.choice("0123456789") for _ in range(max(0, 11 - len(p)))) for p in rng.sample(prefixes, count)]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(args[0]) if args else 1_000_000
    csv = generate(rows)
    log(f"fresh PostgreSQL database {DB}")
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", "postgres")
    psql(f"CREATE DATABASE {DB}", "postgres")
    engine_args = [f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{DB}", "--spring.datasource.username=postgres",
                   "--logging.level.root=warn"]
    engine = Engine("requests", os.path.join(WORK, "data-requests"), engine_args)
    figures = []
    verdicts = []

    def figure(name, value, anchor, kind, target=None):
        """Prints `name value anchor ratio`; a figure with a target (its anchor is the limit) gets a verdict too."""
        ratio = value / anchor if kind == "time" else anchor / value
        figures.append((name, ratio))
        print(f"{name} {value:.2f} {anchor:.2f} {ratio:.2f}", flush=True)
        if target:
            verdicts.append(f"verdict {name}: {'met' if ratio <= 1.0 else 'MISSED'} ({value:.2f} beside {anchor:.2f}; {target})")

    try:
        log(f"importing {rows} rates")
        _, task = engine.task("category=rates&action=import", csv)
        expect(task, rows, "import")
        imported = time.monotonic()
        await_indexed(engine)
        figure("index_ready_s", time.monotonic() - imported, 10, "time", "target: the deck in memory within 10 s of the import's end")
        psql("VACUUM ANALYZE", DB)
        sample = numbers(csv)

        log("the longest-prefix query for pgbench, over the same numbers")
        psql("CREATE TABLE bench_numbers (i INT PRIMARY KEY, number TEXT); "
             + "INSERT INTO bench_numbers VALUES " + ", ".join(f"({i}, '{n}')" for i, n in enumerate(sample, 1)), DB)
        query = os.path.join(WORK, "lookup.sql")
        with open(query, "w") as f:
            f.write(f"\\set n random(1, {len(sample)})\n"
                    "SELECT * FROM rates WHERE ratedeck_id = 'ratedeck' AND prefix IN "
                    "(SELECT left(number, len) FROM bench_numbers, generate_series(1, length(number)) len WHERE i = :n) "
                    "ORDER BY length(prefix) DESC, weight DESC, id LIMIT 1;\n")

        log("a JIT-cold engine: restarted, the deck into memory, the first 10 s of lookups")
        engine.stop()
        engine = Engine("requests", os.path.join(WORK, "data-requests"), engine_args, fresh=False)
        started = time.monotonic()
        await_indexed(engine)
        figure("restart_index_ready_s", time.monotonic() - started, 10, "time", "target: the deck in memory within 10 s of a start")
        lua = ("local numbers = {" + ",".join(f'"{n}"' for n in sample) + "}\nlocal i = 0\n"
               "request = function()\n  i = i % #numbers + 1\n"
               "  return wrk.format(\"GET\", \"/v2/rates/number/\" .. numbers[i])\nend\n")
        cold, cold_p99 = wrk(engine, lua, "cold-lookups")
        log("a minute of warm-up")
        for _ in range(3):
            wrk(engine, lua, "warm-up-lookups")
            wrk(engine, 'wrk.path = "/v2/plugins"\n', "warm-up-get")
            wrk(engine, STACK_ALONE, "warm-up-stack")
        log("pgbench, wrk: lookups through the API, the same stack without the lookup, pgbench again")
        before = pgbench(query, "before")
        rate, p99 = wrk(engine, lua, "lookups")
        stack, _ = wrk(engine, STACK_ALONE, "stack_alone")
        after = pgbench(query, "after")
        log(f"pgbench {before:.0f}/s before the lookups, {after:.0f}/s after them")
        anchor = (before + after) / 2
        figure("lookups_per_s", rate, anchor, "rate")
        verdicts.append(lookups_verdict(rate, anchor, stack))
        figure("lookup_p99_ms", p99, 10, "time", "target: 10 ms")
        figure("stack_alone_per_s", stack, anchor, "rate")
        figure("lookups_vs_stack", rate, stack, "rate")
        figure("cold_lookups_per_s", cold, rate, "rate")
        figure("cold_lookup_p99_ms", cold_p99, p99, "time")

        log("wrk: bulk lookups, 1,000 numbers a request")
        body = json.dumps({"data": {"numbers": sample[:BULK]}})
        bulk_lua = ('wrk.method = "POST"\nwrk.path = "/v2/rates/numbers"\n'
                    'wrk.headers["Content-Type"] = "application/json"\nwrk.body = [[' + body + ']]\n')
        wrk(engine, bulk_lua, "warm-up-bulk")
        bulk, _ = wrk(engine, bulk_lua, "bulk_lookups")
        figure("bulk_numbers_per_s", bulk * BULK, anchor, "rate")
        figure("bulk_vs_single", bulk * BULK, rate, "rate")

        log("wrk: authenticated and anonymous GETs")
        auth, _ = wrk(engine, 'wrk.path = "/v2/plugins"\n', "auth_get")
        figure("auth_get_per_s", auth, 10_000, "rate", "target: 10,000/s")
        anon, _ = wrk(engine, 'wrk.path = "/v2/tasks"\n', "anon_get", token=False)
        figure("anon_get_per_s", anon, auth, "rate")

        log("task creation at 200 a second")
        fixed_rate(engine, "/v2/tasks?category=rates&action=export", seconds=5)  # warm-up
        p50, p99 = fixed_rate(engine, "/v2/tasks?category=rates&action=export")
        figure("create_p50_ms", p50, 20, "time")
        figure("create_p99_ms", p99, 20, "time", "target: 20 ms")
    finally:
        engine.stop()
    print("ratios " + " ".join(f"{n}={r:.2f}" for n, r in figures), flush=True)
    for verdict in verdicts:
        print(verdict, flush=True)


if __name__ == "__main__":
    main()
