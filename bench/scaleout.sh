#!/usr/bin/env bash
# One node against three: a ratedeck import and the rating of 40 scopes' calls, each as a user measures it.
# Needs the built dist/ (see README), PostgreSQL at 127.0.0.1:5432 and RabbitMQ at 127.0.0.1:5672 (guest/guest).
#   bench/scaleout.sh [RATES] [CALLS]     default 300000 200000
set -euo pipefail
exec python3 "$(dirname "$0")/scaleout.py" "$@"
