#!/usr/bin/env bash
# Benchmarks the engine's rates import, re-import, export and delete against PostgreSQL's own bulk paths,
# in one run on this machine. Needs the built dist/ (see README) and PostgreSQL at 127.0.0.1:5432.
#   bench/run.sh [ROWS]         default 1000000
#   bench/run.sh [ROWS] --big   also a 10M-row import under -Xmx256m
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" "$@"
