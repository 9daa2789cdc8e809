#!/usr/bin/env bash
# Outages at chosen moments (not a CI test): see bench/outage.py. Needs the built dist/ and PostgreSQL at 127.0.0.1:5432.
set -euo pipefail
exec python3 "$(dirname "$0")/outage.py" "$@"
