"""Federated queries, safely: our endpoint joins its projects with another municipal dataset served by a
second, real SPARQL server (the Oxigraph server from PyPI) through the CBS code, because that server is on
the SERVICE allowlist; endpoints not on the list are refused before any connection is made.

The other dataset is population per municipality, MADE UP FOR THIS TEST (a formula of the CBS code, not real
figures) and labelled as synthetic in its own data.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.servers import (
    Listener,
    assert_services_refused_without_connection,
    get,
    oxigraph_binary,
    oxigraph_server,
    query_url,
    start_server,
)

pytestmark = pytest.mark.server_process

ROOT = Path(__file__).resolve().parents[1]
EX = "https://example.org/synthetisch/"


def synthetic_population(code: str) -> int:
    """Made-up inhabitants for a municipality: a formula of its code, so the test knows every answer."""
    return 1000 + (int(code[2:]) * 7919) % 200_000


def write_population(path: Path) -> dict[str, int]:
    with (ROOT / "data" / "reference" / "gemeenten-cbs.csv").open(encoding="utf-8", newline="") as f:
        codes = [row["cbs_code"] for row in csv.DictReader(f)]
    lines = [
        f"@prefix ex: <{EX}> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        f'<{EX}dataset> dcterms:title "SYNTHETISCHE testgegevens: verzonnen inwonertallen, geen echte cijfers"@nl ;',
        '    dcterms:description "Made up for the aeno-kg federation test; not real population figures."@en .',
    ]
    for code in codes:
        lines.append(f'<{EX}bevolking/{code}> ex:gemeentecode "{code}" ; ex:inwoners {synthetic_population(code)} .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {code: synthetic_population(code) for code in codes}


@pytest.fixture(scope="module")
def other_endpoint(tmp_path_factory):
    """The Oxigraph server on loopback with the synthetic population data; yields its query URL."""
    folder = tmp_path_factory.mktemp("oxigraph")
    expected = write_population(folder / "population.ttl")
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(folder / "db"), "--file", str(folder / "population.ttl")],
        check=True,
        capture_output=True,
    )
    with oxigraph_server("serve-read-only", folder / "db", folder / "oxigraph.log") as base:
        yield f"{base}/query", expected


@pytest.fixture(scope="module")
def federating_server(dist, other_endpoint, tmp_path_factory):
    url, _ = other_endpoint
    log = tmp_path_factory.mktemp("serve-federated") / "serve.log"
    process, base = start_server(dist, log, "--allow-service", url)
    yield base
    process.terminate()
    process.wait(timeout=15)


DOC = ROOT / "docs" / "using" / "queries.md"


def documented_federated_query() -> str:
    """The federated example of the docs, so the docs show a query that is known to work."""
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- federated-example -->\s*```sparql\n(.*?)```", text, re.DOTALL)
    assert m, f"{DOC} has no federated example (marked <!-- federated-example -->)"
    return m[1]


def test_a_federated_query_joins_our_projects_with_the_other_endpoint_by_cbs_code(
    federating_server, other_endpoint, graph
):
    url, population = other_endpoint
    query = documented_federated_query().replace("http://127.0.0.1:7878/query", url)
    status, _, body = get(query_url(federating_server, query), timeout=60)
    assert status == 200, body
    rows = json.loads(body)["results"]["bindings"]
    got = {(r["project"]["value"], r["code"]["value"], int(r["inhabitants"]["value"])) for r in rows}
    # the same join computed here from the published graph and the synthetic formula
    expected = set()
    for row in graph.query(
        """SELECT ?project ?code WHERE { ?p a aeno:Project ; aeno:carriedOutBy ?m ; rdfs:label ?project .
           ?m a aeno:Municipality ; dcterms:identifier ?code . FILTER (LANG(?project) = "nl") }""",
        initNs={
            "aeno": "https://w3id.org/aeno-kg/def/",
            "dcterms": "http://purl.org/dc/terms/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        },
    ):
        expected.add((str(row.project), str(row.code), population[str(row.code)]))
    assert expected, "the graph has projects carried out by municipalities"
    assert got == expected


def service_description(base: str) -> str:
    request = urllib.request.Request(f"{base}/sparql", headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.read().decode("utf-8")


def test_the_service_description_announces_federated_query_and_the_allowed_endpoint(federating_server, other_endpoint):
    url, _ = other_endpoint
    description = service_description(federating_server)
    assert "<http://www.w3.org/ns/sparql-service-description#BasicFederatedQuery>" in description
    assert f"<https://w3id.org/aeno-kg/def/allowedService> <{url}>" in description


def test_a_service_not_on_the_allowlist_is_refused_before_any_connection(federating_server):
    assert_services_refused_without_connection(
        federating_server,
        [
            "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/query> { ?s ?p ?o } }",
            "SELECT * WHERE { ?s ?p ?o SERVICE SILENT <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
        ],
    )


def test_the_allowlist_can_come_from_kg_toml(project_copy, dist, tmp_path):
    """[server] allowed_services in kg.toml is used when neither --allow-service nor KG_ALLOWED_SERVICES is."""
    listener = Listener()
    allowed = f"http://127.0.0.1:{listener.port}/query"
    (project_copy / "kg.toml").write_text(
        (project_copy / "kg.toml").read_text(encoding="utf-8") + f'\n[server]\nallowed_services = ["{allowed}"]\n',
        encoding="utf-8",
    )
    process, base = start_server(dist, tmp_path / "serve.log", "--project", str(project_copy))
    try:
        assert f"<https://w3id.org/aeno-kg/def/allowedService> <{allowed}>" in service_description(base)
    finally:
        process.terminate()
        process.wait(timeout=15)
        listener.close()
