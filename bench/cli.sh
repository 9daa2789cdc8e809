#!/usr/bin/env bash
# Wall seconds of bw --help, bw tasks and bw task ID beside curl for the same request, and the 0.5 s target.
# Needs the built dist/ (see README).
set -euo pipefail
exec python3 "$(dirname "$0")/cli.py" "$@"
