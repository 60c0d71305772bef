"""`kg publish --to URL`: load a build into a SPARQL 1.1 Graph Store Protocol server.

The graph goes into one named graph (by default the dataset's IRI, {base}id/dataset/aeno-kg) with one HTTP
PUT, which the protocol defines as replacing that graph's content: readers see the old graph or the new one,
as far as the server applies a PUT in one transaction (Oxigraph, Fuseki and GraphDB do; Virtuoso loads in
its own transaction per request). The dataset's own descriptions (catalog.ttl, void.ttl) and each linkset go
to their own named graphs with a PUT, as the embedded store holds them ({base}id/graaf/catalogus,
{base}id/graaf/void), so that the main graph holds what VoID counts. Bodies are streamed from disk with their
length declared (some servers refuse chunked uploads).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

from kg import mediatypes
from kg.errors import KGError
from kg.iris import Iris
from kg.query.builds import Build


@dataclass(frozen=True)
class Put:
    graph: str
    file: Path
    media_type: str
    status: int
    bytes: int
    seconds: float


def graphs_of(dist: Path, graph: str | None = None) -> list[tuple[str, Path, str, str]]:
    """(graph IRI, file, media type, method) for the main graph, the descriptions beside it, and each linkset
    of the build in `dist`, in the order they are sent."""
    try:
        build = Build.read(dist)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KGError(f"no usable build in {dist} ({exc}); run `kg build` first") from None
    main = graph or str(Iris(build.base).dataset)
    out = [(main, dist / "kg.nt", mediatypes.NTRIPLES, "PUT")]
    out += [(d.iri, dist / d.file, mediatypes.TURTLE, "PUT") for d in build.descriptions]
    out += [(ls.iri, dist / ls.file, mediatypes.TURTLE, "PUT") for ls in build.linksets]
    for _, path, _, _ in out:
        if not path.is_file():
            raise KGError(f"{path} is missing from the build; run `kg build` again")
    return out


def publish(
    dist: Path, url: str, graph: str | None = None, user: str | None = None, timeout: float = 600.0
) -> list[Put]:
    """PUT each graph of the build to the Graph Store Protocol endpoint `url` (…?graph=IRI)."""
    auth = None
    if user:
        name, _, password = user.partition(":")
        auth = httpx.BasicAuth(name, password)
    done: list[Put] = []
    with httpx.Client(auth=auth, timeout=httpx.Timeout(timeout, connect=10.0)) as client:
        for iri, path, media, method in graphs_of(dist, graph):
            size = path.stat().st_size
            with path.open("rb") as body:
                try:
                    response = client.request(
                        method,
                        url,
                        params={"graph": iri},
                        content=_chunks(body),
                        headers={"Content-Type": media, "Content-Length": str(size)},
                    )
                except httpx.HTTPError as exc:
                    raise KGError(f"could not {method} <{iri}> to {url}: {type(exc).__name__}: {exc}") from None
            if response.status_code not in (200, 201, 204):
                raise KGError(
                    f"{url} refused <{iri}> with HTTP {response.status_code}: {response.text.strip()[:300]}"
                    + (f" (published before it: {', '.join(p.graph for p in done)})" if done else "")
                )
            done.append(Put(iri, path, media, response.status_code, size, response.elapsed.total_seconds()))
    return done


def _chunks(f, size: int = 1 << 20):  # noqa: ANN001 - a binary file; yields its blocks
    while block := f.read(size):
        yield block
