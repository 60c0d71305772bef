#!/usr/bin/env bash
# Requests per second for a simple lookup query against `kg serve`, measured with wrk (Debian package wrk),
# and the server's start-up time (process start to a ready /health).
#   bench/sparql_lookup.sh [duration=20s] [connections=16]
# Needs a build (kg build) and wrk. Writes its figures to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-20s}"; connections="${2:-16}"
kg="${KG:-.venv/bin/kg}"; python="${PYTHON:-.venv/bin/python}"
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
slugs=$(mktemp); log=$(mktemp)
"$python" - "$slugs" <<'PY'
import csv, sys
from kg.names import slug
rows = csv.DictReader(open("data/reference/gemeenten-cbs.csv", encoding="utf-8"))
open(sys.argv[1], "w").write("\n".join(slug(r["official_name"]) for r in rows) + "\n")
PY
start=$(date +%s.%N)
"$kg" serve --port "$port" --workers 2 --threads 8 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$slugs" "$log"' EXIT
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.02; done
ready=$(date +%s.%N)
echo "start-up to ready /health: $(echo "$ready - $start" | bc) s"
curl -sf "http://127.0.0.1:$port/health"; echo
KG_SLUGS="$slugs" wrk -t2 -c"$connections" -d"$duration" --latency -s bench/lookup.lua "http://127.0.0.1:$port"
