#!/usr/bin/env bash
# Virtuoso as the backend: install Virtuoso Open Source from Debian, start a private instance on loopback (its
# own database in a temporary directory, default dba account), publish the build to it with `kg publish` and
# compare every catalogued query and a few pages answered through `kg serve --backend` semantics with the
# embedded store's answers (scripts/compare_backend.py).
#
#   scripts/check-virtuoso.sh [DIST]        DIST defaults to dist/ (run `kg build` first)
# Needs root for apt-get if virtuoso-t is missing. Exit status 0 when every answer is the same.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
python="${PYTHON:-.venv/bin/python}"
kg="${KG:-.venv/bin/kg}"

if ! command -v virtuoso-t >/dev/null; then
  echo "== installing virtuoso-opensource from Debian"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null 2>&1 \
         && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource >/dev/null; }
fi
echo "== Virtuoso $( (virtuoso-t -? 2>&1 || true) | grep -m1 -i version)"

work=$(mktemp -d)
port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sql_port=$(port); http_port=$(port)
sed -e "s#/var/lib/virtuoso-opensource-7/db#$work#g" \
    -e "s#^ServerPort *= *1111#ServerPort = 127.0.0.1:$sql_port#" \
    -e "s#^ServerPort *= *8890#ServerPort = 127.0.0.1:$http_port#" \
    -e "s#^DirsAllowed *=.*#DirsAllowed = ., $work, /usr/share/virtuoso-opensource-7/vad#" \
    /etc/virtuoso-opensource-7/virtuoso.ini > "$work/virtuoso.ini"
# the VAD and HTTP root paths of the packaged ini stay as they are (read-only use)
(cd "$work" && exec virtuoso-t +foreground +configfile "$work/virtuoso.ini" >"$work/server.log" 2>&1) &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== waiting for Virtuoso on 127.0.0.1:$http_port"
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "virtuoso-t exited:"; tail -30 "$work/server.log"; exit 1; fi
  sleep 0.5
done
curl -sf "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D" >/dev/null

# The anonymous SPARQL user may write through /sparql-graph-crud: acceptable only because this instance
# listens on loopback and is thrown away at the end.
isql-vt "127.0.0.1:$sql_port" dba dba exec="DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);" >/dev/null
isql-vt "127.0.0.1:$sql_port" dba dba exec="GRANT SPARQL_UPDATE TO \"SPARQL\";" >/dev/null 2>&1 || true  # granted already in 7.2.5

echo "== kg publish --to http://127.0.0.1:$http_port/sparql-graph-crud"
start=$(date +%s.%N)
"$kg" publish --dist "$dist" --to "http://127.0.0.1:$http_port/sparql-graph-crud"
echo "   published in $(echo "$(date +%s.%N) - $start" | bc) s"

echo "== comparing answers: embedded store vs Virtuoso (http://127.0.0.1:$http_port/sparql)"
status=0
# Virtuoso 7.2.5 (Debian 12) sometimes answers `?start <= ?date` on xsd:date values wrongly (a gYear passes,
# the dates do not; `>=` and `<` are right), depending on the plan it picks: found by this script, checked by
# hand. Reported as KNOWN, not counted.
"$python" scripts/compare_backend.py "$dist" "http://127.0.0.1:$http_port/sparql" \
  --known "projecten-op-datum=Virtuoso 7.2.5 compares xsd:date with <= wrongly in some plans" || status=$?
if [ -n "${KEEP_VIRTUOSO:-}" ]; then echo "Virtuoso stays up at http://127.0.0.1:$http_port/sparql until Enter"; read -r; fi
exit "$status"
