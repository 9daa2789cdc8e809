#!/usr/bin/env python3
"""Start-up benchmark: seconds from starting the engine to its first answer on GET /v2/tasks, embedded default.

Each way a user starts it, with the bundled plugins of dist/plugins, on a data folder that exists already (a restart)
and on a fresh one (the first start, which also creates the database and runs every migration):
  startup_jar_s        java -jar dist/batchworks.jar
  startup_launcher_s   dist/batchworks (the extracted JAR from its Spring AOT classes, with the class data sharing
                       archive the build made)
  first_start_*_s      the same on a fresh data folder
Anchors: the targets, 4 s for a first start and 3 s for a restart. Each figure is the best of RUNS starts (a start is
noisy on a 2-core machine). Prints `name value anchor ratio` (ratio: lower is better), then a verdict line for each
figure of dist/batchworks, the way the README starts the engine. Needs the built dist/ (see README).
"""
import os
import shutil
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from bench import ROOT, WORK, free_port, log  # noqa: E402

RUNS = 3
FIRST_START_S = 4.0
RESTART_S = 3.0


def start(command, data_dir):
    """Seconds to the first answer, then the engine is stopped."""
    port = free_port()
    with open(os.path.join(WORK, "startup.log"), "a") as out:
        began = time.monotonic()
        deadline = began + 120
        proc = subprocess.Popen(command + [f"--server.port={port}", f"--batchworks.data-dir={data_dir}", "--logging.level.root=warn"],
                                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            while True:
                if proc.poll() is not None:
                    raise SystemExit(f"{command} exited; see bench/work/startup.log")
                if time.monotonic() > deadline:
                    raise SystemExit(f"{command} did not answer within 120 s; see bench/work/startup.log")
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/v2/tasks", timeout=2)
                    return time.monotonic() - began
                except OSError:
                    time.sleep(0.05)
        finally:
            proc.terminate()
            proc.wait(60)


def main():
    os.makedirs(WORK, exist_ok=True)
    verdicts = []
    ways = {"jar": ["java", "-jar", os.path.join(ROOT, "dist", "batchworks.jar")],
            "launcher": [os.path.join(ROOT, "dist", "batchworks")]}
    for name, command in ways.items():
        data = os.path.join(WORK, f"data-startup-{name}")
        firsts, restarts = [], []
        for _ in range(RUNS):
            shutil.rmtree(data, ignore_errors=True)
            log(f"{name}: first start")
            firsts.append(start(command, data))
            log(f"{name}: restart")
            restarts.append(start(command, data))
        for figure, values, target in ((f"startup_{name}_s", restarts, RESTART_S), (f"first_start_{name}_s", firsts, FIRST_START_S)):
            best = min(values)
            print(f"{figure} {best:.2f} {target:.2f} {best / target:.2f}", flush=True)
            if name == "launcher":
                verdicts.append(f"verdict {figure}: {'met' if best <= target else 'MISSED'} ({best:.2f} s beside {target:.2f} s)")
    for verdict in verdicts:
        print(verdict, flush=True)


if __name__ == "__main__":
    main()
