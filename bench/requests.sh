#!/usr/bin/env bash
# Rate lookups over a big deck (one a request and in bulk), an authenticated GET and an anonymous one, each beside its anchor (pgbench, targets).
# Needs the built dist/ (see README), PostgreSQL at 127.0.0.1:5432, wrk and pgbench (Debian: wrk, postgresql-client).
#   bench/requests.sh [RATES]     default 1000000
set -euo pipefail
exec python3 "$(dirname "$0")/requests.py" "$@"
