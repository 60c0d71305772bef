"""Ask every catalogued query (and a few pages) of the embedded store and of a remote SPARQL backend, through
the same app, and report which answers differ. Used by scripts/check-virtuoso.sh; the test suite does the
same against an Oxigraph server (tests/test_backend.py).

    python scripts/compare_backend.py DIST QUERY_URL [--known NAME=REASON ...]
Exit status 0 if every answer is the same, except for queries listed as --known differences (an engine bug
found and written down, reported as KNOWN but not counted).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.query import saved
from kg.server import create_app


def in_any_order(rows: list[dict]) -> list[dict]:
    """Rows with each text value as a sorted list of its comma-joined parts: a GROUP_CONCAT list is in the
    engine's order of evaluation, which differs between engines (tests/answers.py does the same)."""
    return [{k: sorted(v.split(", ")) if isinstance(v, str) else v for k, v in row.items()} for row in rows]


PAGES = [
    "/",
    "/projecten",
    "/publicaties",
    "/doc/gemeente/oss",
    "/doc/project/oss-osse-manier-van-zelforganisatie",
    "/doc/thema/zelforganisatie",
]


def main() -> int:
    dist, url = Path(sys.argv[1]), sys.argv[2]
    known = dict(a.split("=", 1) for flag, a in zip(sys.argv[3::2], sys.argv[4::2], strict=False) if flag == "--known")
    local = create_app(store=dist / "store", result_cache_mb=0)
    remote = create_app(store=dist / "store", backend=url, result_cache_mb=0)
    ours, theirs = local.test_client(), remote.test_client()
    failed = 0
    try:
        for q in saved.load():
            a, b = ours.get(f"/api/queries/{q.name}"), theirs.get(f"/api/queries/{q.name}")
            same = b.status_code == 200 and in_any_order(json.loads(a.data)["rows"]) == in_any_order(
                json.loads(b.data)["rows"]
            )
            rows = len(json.loads(a.data)["rows"])
            detail = "" if same else f"  backend: HTTP {b.status_code} {b.get_data(as_text=True)[:300]}"
            if not same and q.name in known:
                print(f"KNOWN     query {q.name} ({rows} rows): {known[q.name]}{detail}")
                continue
            print(f"{'same     ' if same else 'DIFFERENT'} query {q.name} ({rows} rows){detail}")
            failed += not same
        for path in PAGES:
            a, b = ours.get(path, headers={"Accept": "text/html"}), theirs.get(path, headers={"Accept": "text/html"})
            same = b.status_code == a.status_code and a.data == b.data
            print(f"{'same     ' if same else 'DIFFERENT'} page  {path} (HTTP {a.status_code} / {b.status_code})")
            failed += not same
    finally:
        local.extensions["kg"].close()
        remote.extensions["kg"].close()
    print(f"{failed} difference(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
