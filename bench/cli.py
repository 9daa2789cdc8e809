#!/usr/bin/env python3
"""Command-line client benchmark: wall seconds of a `bw` command, beside `curl` for the same request.

Starts the engine from dist/ on a fresh data folder with one small import done, then times each command RUNS times
as a user's shell runs it (from the fork to the exit) and prints the median:
  bw_help_s     dist/bw --help            (no request; anchor: curl of GET /v2/tasks, the engine's help)
  bw_tasks_s    dist/bw tasks             (GET /v2/token_auth and /v2/accounts/{A}/tasks; anchor: curl of the list)
  bw_task_s     dist/bw task ID           (GET /v2/tasks/{ID}; anchor: curl of the same)
Prints `name value anchor ratio`, then a verdict against the 0.5 s target. Needs the built dist/ (see README).
"""
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench import ROOT, WORK, Engine, log  # noqa: E402

RUNS = 7
TARGET_S = 0.5
BW = os.path.join(ROOT, "dist", "bw")


def wall(command, env):
    """Median wall seconds of RUNS runs; a run that fails stops the benchmark."""
    times = []
    for _ in range(RUNS):
        began = time.monotonic()
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append(time.monotonic() - began)
        if done.returncode != 0:
            raise SystemExit(f"{command} exited {done.returncode}: {done.stderr.decode()}")
    return statistics.median(times)


def main():
    os.makedirs(WORK, exist_ok=True)
    engine = Engine("cli", os.path.join(WORK, "data-cli"), ["--logging.level.root=warn"])
    try:
        deck = os.path.join(WORK, "cli-deck.csv")
        with open(deck, "wb") as out:
            subprocess.run([BW, "sample", "ratedeck", "100"], stdout=out, check=True)
        _, task = engine.task("category=rates&action=import", deck)
        account = engine.call("GET", "/v2/token_auth")["data"]["account_id"]
        env = dict(os.environ, BW_URL=engine.base, BW_TOKEN=engine.token, BW_CONFIG=os.path.join(WORK, "cli-none"))
        curl = ["curl", "-sf", "-o", "/dev/null", "-H", f"X-Auth-Token: {engine.token}"]
        rows = [
            ("bw_help_s", [BW, "--help"], curl + [engine.base + "/v2/tasks"]),
            ("bw_tasks_s", [BW, "tasks"], curl + [f"{engine.base}/v2/accounts/{account}/tasks?page_size=100"]),
            ("bw_task_s", [BW, "task", task["id"]], curl + [f"{engine.base}/v2/tasks/{task['id']}"]),
        ]
        log(f"{RUNS} runs each, medians")
        slowest = 0.0
        for name, bw, anchor in rows:
            wall(bw, env)  # the first run reads the files into the page cache, as a user's second command finds them
            seconds, baseline = wall(bw, env), wall(anchor, env)
            slowest = max(slowest, seconds)
            print(f"{name} {seconds:.3f} curl {baseline:.3f} {seconds / baseline:.1f}x")
        print(f"verdict: slowest bw command {slowest:.3f} s, target <= {TARGET_S} s: {'met' if slowest <= TARGET_S else 'MISSED'}")
    finally:
        engine.stop()


if __name__ == "__main__":
    main()
