"""Check a DCAT catalogue against the DCAT-AP-NL 3.0 shapes (all files of a folder together) with pySHACL.

    python scripts/check_dcat.py dist/catalog.ttl shapes/reference/dcat-ap-nl-3.0.0

Prints the violations and the recommendations not met; exits 1 if there is any violation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph

from kg.publish.dcat import validate_catalog


def main() -> int:
    catalog_path, shapes_dir = Path(sys.argv[1]), Path(sys.argv[2])
    violations, recommendations = validate_catalog(Graph().parse(catalog_path, format="turtle"), shapes_dir)
    print(
        f"{catalog_path} against {shapes_dir}: {len(violations)} violation(s), "
        f"{len(recommendations)} recommendation(s) not met"
    )
    for line in violations:
        print(f"  VIOLATION {line}")
    for line in recommendations:
        print(f"  recommended: {line}")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
