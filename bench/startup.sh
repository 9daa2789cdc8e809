#!/usr/bin/env bash
# Seconds from start to the first answer, embedded default, java -jar and dist/batchworks, beside the targets (4 s, restart 3 s).
# Needs the built dist/ (see README).
set -euo pipefail
exec python3 "$(dirname "$0")/startup.py" "$@"
