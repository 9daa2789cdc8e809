#!/usr/bin/env bash
# Crash torture (not a CI test): kill -9 the engine at random moments during real work on PostgreSQL, start it again
# after each kill, and compare the end state with a clean run. Needs the built dist/ (see README) and PostgreSQL at
# 127.0.0.1:5432.
#   bench/torture.sh [KILLS] [--rows N] [--seed S] [--only rates,rating,numbers,reports,sigterm]
#   default: 20 kills during a 1,000,000-row import, KILLS/4 for the other scenarios
set -euo pipefail
exec python3 "$(dirname "$0")/torture.py" "$@"
