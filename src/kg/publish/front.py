"""The light outputs of a build: what a front (`kg serve --backend URL`) needs when its queries go to a remote
store, so that several fronts can serve one large store without a copy of it.

A front answers every query (endpoint, pages, API) from the backend. From the build it reads only: build.json
(the build's identity, counts and publication), the search index, the descriptions it serves as files (DCAT,
VoID, the ontology, the JSON-LD context, the validation report), the source texts (for the passage pages) and
the linksets. The store and the dumps stay behind: they grow with the graph, while the light outputs grow
only with the search index (0.5 MB for this project). `copy_front` writes them the way `kg build` writes a
build (kg.publish.staging): into a new folder, then one atomic switch of the output link, so a running front moves
to the new build on its own and never sees a half-copied one.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from kg.buildinfo import FILE as BUILD_FILE
from kg.errors import KGError
from kg.publish.staging import staging

#: files a front reads (those missing from a build, such as validation.ttl of an older one, are skipped)
FILES = (
    BUILD_FILE,
    "search.sqlite",
    "catalog.ttl",
    "void.ttl",
    "ontology.ttl",
    "context.jsonld",
    "validation.ttl",
    "validation.txt",
    "SHA256SUMS",
    "gone.json",
)
FOLDERS = ("sources", "linksets", "ldes")


@dataclass(frozen=True)
class Copied:
    out: Path
    files: int
    bytes: int


def copy_front(dist: Path, out: Path) -> Copied:
    """Copy the light outputs of the build in `dist` to `out` (a link switched atomically, like `dist`)."""
    dist = dist.resolve()
    if not (dist / BUILD_FILE).is_file():
        raise KGError(f"no build at {dist} (no build.json); run `kg build` first")
    target = out.resolve()  # where `out` leads now: a previous front's folder, or (by mistake) a build
    if target == dist or dist in target.parents or dist in out.absolute().parents or (target / "store").exists():
        raise KGError(f"{out} is (or is inside) a build with a store; give a folder of its own for the front")
    files = size = 0
    with staging(out) as stage:
        for name in FILES:
            if (dist / name).is_file():
                shutil.copy2(dist / name, stage / name)
                files, size = files + 1, size + (stage / name).stat().st_size
        for name in FOLDERS:
            if (dist / name).is_dir():
                shutil.copytree(dist / name, stage / name)
                for f in (stage / name).rglob("*"):
                    if f.is_file():
                        files, size = files + 1, size + f.stat().st_size
    return Copied(out, files, size)
