#!/usr/bin/env bash
# Seconds from start to the first answer, embedded default, java -jar and dist/batchworks, beside the 4 s target.
# Needs the built dist/ (see README).
set -euo pipefail
exec python3 "$(dirname "$0")/startup.py" "$@"
