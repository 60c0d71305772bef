"""A publication that lives: every build a release in a history that outlives build folders, what changed between
releases (kg diff), no IRI that vanishes without the steward's reason, 410 or 301 for a retired IRI, DCAT 3
versions in the catalogue, and the change feed's files. Tried on real builds of a copy of the project: a first
release, then one that changes a person, renames another and removes a third."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.build import build
from kg.buildinfo import BuildInfo
from kg.cli import main
from kg.errors import DataError
from kg.project import Project
from kg.publish import ldes
from kg.publish.diff import Removed, diff, read_lines, scan
from kg.publish.releases import History
from kg.vocab import DCAT, DCTERMS, RDF

from .conftest import copy_project

BASE = "https://w3id.org/aeno-kg/"
PERSON = f"{BASE}id/persoon/"
ADMS_NOTES = URIRef("http://www.w3.org/ns/adms#versionNotes")
DCAT3 = "http://www.w3.org/ns/dcat#"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "data" / "curated" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer has {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def retire(project: Path, entries: str) -> None:
    edit(project, "retired.yaml", "retired: []\n", f"retired:\n{entries}")


def change_people(project: Path) -> None:
    """Jeannet Kool's English title changes; Carine Vollebregt gets another id (the old one replaced by it);
    Wilfred Hoejenbos is taken out."""
    edit(project, "people.yaml", 'en: "Director of operations"', 'en: "Director of business operations"')
    edit(project, "people.yaml", "  - id: carine-vollebregt\n", "  - id: carine-vollebregt-soest\n")
    edit(project, "projects.yaml", "{id: carine-vollebregt,", "{id: carine-vollebregt-soest,")
    people = project / "data" / "curated" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    start = text.index("  - id: wilfred-hoejenbos")
    people.write_text(text[:start] + text[text.index("  - id: ", start + 5) :], encoding="utf-8")


RETIRED = f"""  - iri: {PERSON}carine-vollebregt
    replaced_by: {PERSON}carine-vollebregt-soest
    note: Een andere naam voor dezelfde persoon.
  - iri: {PERSON}wilfred-hoejenbos
    removed: true
    note: De pagina noemt hem niet meer.
"""


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """A copy of the project built twice: the first release, then the changed one. The project as it was
    after the first build is kept aside for `first_release`."""
    root = copy_project(tmp_path_factory.mktemp("releases") / "project")
    first = build(Project.open(root), validator="sparql")
    shutil.copytree(root, tmp_path_factory.getbasetemp() / "first-release" / "project", symlinks=True)
    change_people(root)
    retire(root, RETIRED)
    second = build(Project.open(root), validator="sparql")
    return root, first, second


def test_every_published_build_is_a_release_in_a_history_kept_with_the_publication(releases):
    root, first, second = releases
    history = History(root / "dist").releases()
    assert [r.id for r in history] == [first.release.id, second.release.id]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d-[0-9a-f]{12}", first.release.id)
    assert first.release.id.endswith(first.build_id[:12]) and first.release.previous is None
    assert second.release.previous == first.release.id and second.release.published > first.release.published
    assert [r.id for r in second.releases] == [second.release.id, first.release.id]
    assert BuildInfo.read(root / "dist").release == second.release


def test_the_change_summary_counts_what_changed(releases):
    _, _, second = releases
    changes = second.release.changes
    assert (changes.added, changes.removed) == (1, 2)  # carine-vollebregt-soest; carine-vollebregt, wilfred
    assert changes.changed >= 2 and second.release.retired == 2


def test_a_releases_dumps_stay_downloadable_after_its_build_folder_is_pruned(releases, tmp_path):
    root, first, _ = releases
    kept = root / ".dist.releases" / first.release.id
    assert {"kg.nt.gz", "kg.ttl.gz", "kg.jsonld.gz", "SHA256SUMS", "release.json"} <= {p.name for p in kept.iterdir()}
    served = root / "dist" / "releases" / first.release.id / "kg.nt.gz"
    assert served.read_bytes() == (kept / "kg.nt.gz").read_bytes()
    lines = gzip.decompress(served.read_bytes()).decode().splitlines()
    assert any(f"<{PERSON}wilfred-hoejenbos>" in line for line in lines)


def test_kg_diff_shows_per_resource_what_was_added_removed_and_changed(releases):
    root, _, _ = releases
    result = run("diff", "--project", str(root))
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("1 resource(s) added, 2 removed")
    assert "- persoon:wilfred-hoejenbos  Wilfred Hoejenbos  (removed)" in text
    assert "+ persoon:carine-vollebregt-soest  Carine Vollebregt  (added)" in text
    jeannet = text[text.index("~ persoon:jeannet-kool  Jeannet Kool  (changed)") :].split("\n\n")[0]
    assert '+ schema:jobTitle "Director of business operations"@en' in jeannet
    # a reified statement is said by its content, never by its skolem name
    assert 'provenance of [schema:jobTitle "Director of business operations"@en]: editorial' in text
    assert ".well-known/genid" not in text


@pytest.mark.parametrize("fmt", ["patch", "nt", "json"])
def test_kg_diff_machine_formats_hold_the_same_statements(releases, fmt):
    root, first, second = releases
    result = run("diff", first.release.id, second.release.id, "--project", str(root), "--format", fmt)
    assert result.exit_code == 0, result.output
    changes = diff(root / ".dist.releases" / first.release.id / "kg.nt.gz", root / "dist" / "kg.nt")
    added = {line for c in changes.changes for line in c.added}
    removed = {line for c in changes.changes for line in c.removed}
    if fmt == "patch":
        lines = result.output.splitlines()
        assert lines[0] == "TX ." and lines[-1] == "TC ."
        assert {x[2:] for x in lines if x.startswith("A ")} == added
        assert {x[2:] for x in lines if x.startswith("D ")} == removed
    elif fmt == "nt":
        lines = result.output.splitlines()
        assert {x[2:] for x in lines if x.startswith("+ ")} == added
        assert {x[2:] for x in lines if x.startswith("- ")} == removed
        for line in lines:  # each is N-Triples after its mark
            ox.parse(line[2:] + "\n", format=ox.RdfFormat.N_TRIPLES)
    else:
        doc = json.loads(result.output)
        assert doc["summary"]["resources_added"] == 1
        assert {line for r in doc["resources"] for line in r["added"]} == added


def test_kg_diff_of_two_build_folders_and_of_two_graph_files(releases, tmp_path):
    root, first, _ = releases
    old = tmp_path / "old.nt"
    old.write_bytes(gzip.decompress((root / ".dist.releases" / first.release.id / "kg.nt.gz").read_bytes()))
    for a, b in [(str(old), str(root / "dist" / "kg.nt")), (str(old), str(root / "dist"))]:
        result = run("diff", a, b, "--project", str(root))
        assert result.exit_code == 0 and result.output.startswith("1 resource(s) added, 2 removed"), result.output


def test_blank_nodes_are_compared_by_content_not_by_their_names(tmp_path):
    old, new = tmp_path / "old.nt", tmp_path / "new.nt"
    old.write_text('<http://x/a> <http://x/p> _:b1 .\n_:b1 <http://x/q> "1" .\n', encoding="utf-8")
    new.write_text('<http://x/a> <http://x/p> _:zz .\n_:zz <http://x/q> "1" .\n', encoding="utf-8")
    assert diff(old, new).changes == []
    new.write_text('<http://x/a> <http://x/p> _:zz .\n_:zz <http://x/q> "2" .\n', encoding="utf-8")
    assert diff(old, new).summary.statements_added >= 1


def test_kg_validate_diff_shows_what_a_change_would_publish_before_it_is(releases):
    root, _, second = releases
    edit(root, "people.yaml", 'en: "Director of business operations"', 'en: "Operations director"')
    try:
        result = run("validate", "--project", str(root), "--diff", "--validator", "sparql")
        assert result.exit_code == 0, result.output
        assert f"against release {second.release.id}" in result.output
        assert '+ schema:jobTitle "Operations director"@en' in result.output
        assert BuildInfo.read(root / "dist").release == second.release  # nothing was published
    finally:
        edit(root, "people.yaml", 'en: "Operations director"', 'en: "Director of business operations"')


# -- nothing vanishes by accident -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def first_release(releases, tmp_path_factory) -> Path:
    """The project with its first release only, as `releases` built it."""
    return tmp_path_factory.getbasetemp() / "first-release" / "project"


@pytest.fixture
def released(first_release, tmp_path):
    """A project copy with one release (a copy of one built once: its output link and folders as they are)."""
    root = tmp_path / "project"
    shutil.copytree(first_release, root, symlinks=True)
    return root


def test_an_iri_that_goes_away_without_a_reason_stops_the_build_and_publishes_nothing(released):
    before = (released / "dist").resolve()
    change_people(released)
    result = run("build", "--project", str(released), "--validator", "sparql")
    assert result.exit_code == 2
    assert "data/curated/retired.yaml" in result.output
    assert f"<{PERSON}wilfred-hoejenbos> (Wilfred Hoejenbos) was published in release" in result.output
    assert f"<{PERSON}carine-vollebregt> (Carine Vollebregt)" in result.output
    assert (released / "dist").resolve() == before and len(History(released / "dist").releases()) == 1


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        (
            f"  - iri: {PERSON}jeannet-kool\n    removed: true\n    note: x\n",
            "is retired, but this build still publishes it",
        ),
        (
            f"  - iri: {PERSON}wilfred-hoejenbos\n    replaced_by: {PERSON}nobody\n    note: x\n",
            "is not published by this build",
        ),
        (f"  - iri: {PERSON}x\n    note: no reason\n", "give either `removed: true` or `replaced_by: IRI`"),
        (f"  - iri: {PERSON}x\n    removed: true\n    replaced_by: {PERSON}y\n    note: both\n", "and not both"),
        (f"  - iri: {PERSON}x\n    removed: true\n", "note"),
    ],
)
def test_a_retired_entry_is_checked_with_its_file_and_line(released, entry, says):
    retire(released, entry)
    result = run("build", "--project", str(released), "--validator", "sparql")
    assert result.exit_code == 2 and says in result.output, result.output
    assert "retired.yaml, line" in result.output


def test_the_releases_kept_follow_the_setting_and_the_history_keeps_every_one(released, monkeypatch):
    monkeypatch.setenv("KG_KEEP_RELEASES", "2")
    for _ in range(2):
        assert run("build", "--project", str(released), "--validator", "sparql", "--quiet").exit_code == 0
    history = History(released / "dist").releases()
    assert len(history) == 3 and history[1].id.endswith("-2") and history[2].id.endswith("-3")
    folders = {p.name for p in (released / ".dist.releases").iterdir() if p.is_dir() and p.name != "feed"}
    assert folders == {history[1].id, history[2].id}
    assert {p.name for p in (released / ".dist.releases" / "feed").iterdir()} == {r.id for r in history}
    assert {p.name for p in (released / "dist" / "ldes").iterdir() if p.is_dir()} == {r.id for r in history}


def test_a_missing_history_line_is_added_from_the_published_build(released):
    history = History(released / "dist")
    published = history.releases()[0]
    history.path.write_text("", encoding="utf-8")  # the machine stopped between the switch and the line
    history.reconcile()
    assert history.releases() == [published]


# -- the catalogue's versions -----------------------------------------------------------------------------------


def test_the_catalogue_versions_the_dataset_as_dcat_3_does(releases):
    root, first, second = releases
    g = Graph().parse(root / "dist" / "catalog.ttl")
    dataset = URIRef(f"{BASE}id/dataset/aeno-kg")
    current, previous = (URIRef(f"{dataset}/{r.release.id}") for r in (second, first))
    assert g.value(dataset, URIRef(DCAT3 + "version")) == Literal(second.release.id)
    assert g.value(dataset, URIRef(DCAT3 + "hasCurrentVersion")) == current
    assert set(g.objects(dataset, URIRef(DCAT3 + "hasVersion"))) == {current, previous}
    assert g.value(current, URIRef(DCAT3 + "previousVersion")) == previous
    notes = {str(n) for n in g.objects(dataset, ADMS_NOTES)}
    assert any(n.startswith(f"Sinds release {first.release.id}: 1 toegevoegd, 2 verwijderd") for n in notes)
    for release in (current, previous):
        assert (release, RDF.type, DCAT.Dataset) in g
        assert g.value(release, DCTERMS.isVersionOf) == dataset
        downloads = {str(g.value(d, DCAT.downloadURL)) for d in g.objects(release, DCAT.distribution)}
        rid = str(release).rsplit("/", 1)[-1]
        assert downloads == {f"{BASE}download/releases/{rid}/{n}" for n in ("kg.nt.gz", "kg.ttl.gz", "kg.jsonld.gz")}
    feed = URIRef(f"{BASE}id/dienst/ldes")
    assert (feed, RDF.type, DCAT.DataService) in g
    assert g.value(feed, DCTERMS.conformsTo) == URIRef("https://w3id.org/ldes/specification")
    assert g.value(feed, DCAT.endpointURL) == URIRef(f"{BASE}ldes/")
    assert BuildInfo.read(root / "dist").publication.dcat.violations == 0


# -- IRIs never break -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(releases):
    from kg.server import create_app

    root, _, _ = releases
    app = create_app(store=root / "dist" / "store")
    yield app.test_client()
    app.extensions["kg"].close()


@pytest.mark.parametrize("path", ["/id/persoon/wilfred-hoejenbos", "/doc/persoon/wilfred-hoejenbos"])
def test_a_removed_iri_answers_410_with_what_it_was_since_when_and_where_its_data_is(client, releases, path):
    _, first, second = releases
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 410
    html = r.get_data(as_text=True)
    for said in ("Wilfred Hoejenbos", "persoon", second.release.id, first.release.id, "De pagina noemt hem niet meer."):
        assert said in html, said
    assert f'href="/download/releases/{first.release.id}/kg.nt.gz"' in html
    download = client.get(f"/download/releases/{first.release.id}/kg.nt.gz")
    download.close()
    assert download.status_code == 200


def test_a_removed_iri_answers_410_in_rdf_too(client):
    r = client.get("/doc/persoon/wilfred-hoejenbos", headers={"Accept": "text/turtle"})
    assert r.status_code == 410 and r.mimetype == "text/turtle"
    g = Graph().parse(data=r.data, format="turtle")
    node = URIRef(f"{PERSON}wilfred-hoejenbos")
    assert str(g.value(node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == "Wilfred Hoejenbos"
    assert (node, URIRef("http://www.w3.org/2002/07/owl#deprecated"), Literal(True)) in g


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/id/persoon/carine-vollebregt", "/id/persoon/carine-vollebregt-soest"),
        ("/doc/persoon/carine-vollebregt", "/doc/persoon/carine-vollebregt-soest"),
    ],
)
def test_a_replaced_iri_answers_301_to_its_successor(client, path, location):
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 301 and r.headers["Location"] == location


def test_the_replacement_is_published_in_the_graph(releases):
    root, _, _ = releases
    text = (root / "dist" / "kg.nt").read_text(encoding="utf-8")
    assert (
        f"<{PERSON}carine-vollebregt> <http://purl.org/dc/terms/isReplacedBy> <{PERSON}carine-vollebregt-soest> ."
        in text
    )


def test_the_dataset_page_lists_the_releases_with_their_changes(client, releases):
    _, first, second = releases
    html = client.get("/doc/dataset/aeno-kg", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f"<strong>{second.release.id}</strong> (deze)" in html and f"<strong>{first.release.id}</strong>" in html
    assert "1 toegevoegd, 2 verwijderd" in html and "Eerste release." in html


# -- the change feed's files ------------------------------------------------------------------------------------


def when(value: object) -> dt.datetime:
    """A timestamp as a moment (rdflib writes xsd:dateTime its own way)."""
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def feed_graph(root: Path, name: str) -> Graph:
    return Graph().parse(data=(root / "dist" / "ldes" / f"{name}.ttl").read_text(encoding="utf-8"), format="turtle")


def test_the_feed_root_describes_the_stream_and_pages_it_by_time(releases):
    root, first, second = releases
    g = feed_graph(root, "index")
    tree, ldes_ = "https://w3id.org/tree#", "https://w3id.org/ldes#"
    stream = URIRef(ldes.stream_iri(BASE))
    assert (stream, RDF.type, URIRef(ldes_ + "EventStream")) in g
    assert g.value(stream, URIRef(ldes_ + "versionOfPath")) == DCTERMS.isVersionOf
    assert g.value(stream, URIRef(ldes_ + "timestampPath")) == URIRef("http://www.w3.org/ns/prov#generatedAtTime")
    assert g.value(stream, URIRef(tree + "view")) == URIRef(ldes.PLACEHOLDER)
    relations = {
        (
            str(g.value(r, RDF.type)).split("#")[1],
            str(g.value(r, URIRef(tree + "node"))),
            when(g.value(r, URIRef(tree + "value"))),
        )
        for r in g.objects(URIRef(ldes.PLACEHOLDER), URIRef(tree + "relation"))
    }
    page = ldes.PLACEHOLDER + "{}/1"
    assert relations == {
        ("GreaterThanOrEqualToRelation", page.format(first.release.id), when(first.release.published)),
        ("LessThanRelation", page.format(first.release.id), when(second.release.published)),
        ("GreaterThanOrEqualToRelation", page.format(second.release.id), when(second.release.published)),
    }
    policy = g.value(URIRef(ldes.PLACEHOLDER), URIRef(ldes_ + "retentionPolicy"))
    assert when(g.value(policy, URIRef(ldes_ + "startingFrom"))) == when(first.release.published)


def test_a_releases_members_are_exactly_its_changed_resources_and_deletions(releases):
    root, _, second = releases
    g = feed_graph(root, f"{second.release.id}/1")
    members = {
        str(g.value(m, DCTERMS.isVersionOf)): str(g.value(m, RDF.type)).rsplit("#", 1)[-1]
        for m in g.objects(URIRef(ldes.stream_iri(BASE)), URIRef("https://w3id.org/tree#member"))
    }
    assert members[f"{PERSON}wilfred-hoejenbos"] == "Delete"
    assert members[f"{PERSON}carine-vollebregt"] == "Delete"
    assert members[f"{PERSON}carine-vollebregt-soest"] == "Create"
    assert members[f"{PERSON}jeannet-kool"] == "Update"
    assert all(kind in ("Create", "Update", "Delete") for kind in members.values())
    changed = diff(root / ".dist.releases" / releases[1].release.id / "kg.nt.gz", root / "dist" / "kg.nt")
    own = {
        c.iri
        for c in changed.changes
        if c.iri.startswith(BASE) and any(line.startswith(f"<{c.iri}> ") for line in c.added + c.removed)
    }
    assert set(members) == own


def test_a_version_holds_the_resources_statements_in_its_release(releases):
    root, _, second = releases
    g = feed_graph(root, f"{second.release.id}/1")
    version = URIRef(ldes.version_iri(BASE, second.release.id, f"{PERSON}jeannet-kool"))
    assert g.value(version, DCTERMS.isVersionOf) == URIRef(f"{PERSON}jeannet-kool")
    titles = {str(o) for o in g.objects(version, URIRef("http://schema.org/jobTitle"))}
    assert titles == {"Directeur bedrijfsvoering", "Director of business operations"}
    published = g.value(version, URIRef("http://www.w3.org/ns/prov#generatedAtTime"))
    assert when(published) == when(second.release.published)


def test_a_release_page_is_never_written_again(releases, tmp_path):
    root, first, _ = releases
    page = root / ".dist.releases" / "feed" / first.release.id / "1.ttl"
    served = root / "dist" / "ldes" / first.release.id / "1.ttl"
    assert served.read_bytes() == page.read_bytes()


def test_the_feed_is_served_with_its_own_address_immutable_pages_and_by_negotiation(client, releases):
    _, first, _ = releases
    r = client.get("/ldes/")
    assert r.status_code == 200 and r.mimetype == "text/turtle" and "max-age=60" in r.headers["Cache-Control"]
    assert ldes.PLACEHOLDER not in r.get_data(as_text=True)
    assert "<http://127.0.0.1:5000/ldes/>" in r.get_data(as_text=True)
    page = client.get(f"/ldes/{first.release.id}/1", headers={"Accept": "application/ld+json"})
    assert page.status_code == 200 and page.mimetype == "application/ld+json"
    assert "immutable" in page.headers["Cache-Control"] and page.headers["Vary"] == "Accept"
    json.loads(page.data)
    etag = page.headers["ETag"]
    again = client.get(f"/ldes/{first.release.id}/1", headers={"Accept": "application/ld+json", "If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/ldes/2026-01-01-000000000000/1").status_code == 404
    assert client.get("/ldes/../../build.json/1").status_code == 404


def test_the_feed_refuses_a_client_over_its_limit_with_429(make_app, releases):
    root, first, _ = releases
    app = make_app(store=root / "dist" / "store", max_queries_per_client=1)
    state = app.extensions["kg"]
    state.clients().enter("127.0.0.1")  # one request of this client's still in flight
    try:
        r = app.test_client().get(f"/ldes/{first.release.id}/1")
        assert r.status_code == 429 and "Retry-After" in r.headers
    finally:
        state.clients().leave("127.0.0.1")


def test_a_front_without_a_store_serves_the_feed_and_the_retired_iris(releases, tmp_path):
    root, _, _ = releases
    result = run("front-files", "--project", str(root), "--to", str(tmp_path / "front"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "front" / "ldes" / "index.ttl").is_file()
    assert (tmp_path / "front" / "gone.json").is_file()


def test_a_build_with_an_unknown_retired_iri_of_no_earlier_release_keeps_it_as_a_tombstone(tmp_path):
    """A fresh clone has no history: a retired entry of long ago still answers 410, though what it was is not
    known here."""
    root = copy_project(tmp_path / "project")
    retire(root, f"  - iri: {PERSON}iemand-van-vroeger\n    removed: true\n    note: Lang geleden.\n")
    build(Project.open(root), validator="sparql")
    (entry,) = json.loads((root / "dist" / "gone.json").read_text(encoding="utf-8"))
    assert entry["iri"] == f"{PERSON}iemand-van-vroeger" and entry["last_release"] is None


def test_a_data_error_for_a_vanished_iri_names_the_file(released):
    change_people(released)
    with pytest.raises(DataError) as caught:
        build(Project.open(released), validator="sparql")
    assert all("retired.yaml" in str(p.file) for p in caught.value.problems)


def members_from_diff(changes, graph: Path) -> list[tuple[str, str, list[str]]]:
    """The change feed's members as the whole diff says them (each changed resource's own statements, read from
    the new graph): what the streamed members must equal."""
    skolem = f"{BASE}.well-known/genid/"

    def ours(iri: str) -> bool:
        return iri.startswith(BASE) and not iri.startswith(skolem)

    changed = {
        c.iri
        for c in changes.changes
        if ours(c.iri) and c.iri in changes.typed_new and any(x.startswith(f"<{c.iri}> ") for x in c.added + c.removed)
    }
    gone = {iri for iri in changes.typed_old - changes.typed_new if ours(iri)}
    own: dict[str, list[str]] = {iri: [] for iri in changed}
    for line in read_lines(graph):
        s = line.split(" ", 1)[0][1:-1]
        if s in own:
            own[s].append(line)
    out = []
    for iri in sorted(changed | gone):
        if iri in gone:
            out.append((iri, "Delete", []))
        elif not any(x.split(" ")[1] in ldes.RESERVED for x in own[iri]):
            out.append((iri, "Create" if iri not in changes.typed_old else "Update", own[iri]))
    return out


def graphs_of(root: Path, first, second) -> list[tuple[Path | None, Path]]:
    """(old, new) of the first release (against nothing) and the second (against the first)."""
    history = History(root / "dist")
    one = history.graph_of(history.find(first.release.id))
    return [(None, one), (one, history.graph_of(history.find(second.release.id)))]


@pytest.mark.parametrize("which", ["first release", "second release"])
def test_the_streamed_members_are_what_the_whole_diff_gives(releases, which, tmp_path):
    """The build picks the feed's members as the graphs stream by, holding none of the statements in memory:
    the same members, in the same (resource) order, with the same statements as the whole diff gives."""
    root, first, second = releases
    old, new = graphs_of(root, first, second)[["first release", "second release"].index(which)]
    with ldes.Members(BASE, scratch=tmp_path) as members:
        scan(old, new, members)
        streamed = list(members)
        assert len(members) == len(streamed)
    expected = members_from_diff(diff(old, new), new)
    assert len(expected) > (400 if old is None else 3) and streamed == expected


@pytest.mark.parametrize("which", ["first release", "second release"])
def test_the_streamed_outline_says_what_the_whole_diff_says(releases, which):
    root, first, second = releases
    old, new = graphs_of(root, first, second)[["first release", "second release"].index(which)]
    outline, whole = scan(old, new), diff(old, new)
    assert outline.summary == whole.summary and outline.first == whole.first == (old is None)
    assert outline.gone(BASE) == whole.gone(BASE)
    skolem = f"{BASE}.well-known/genid/"
    for side, typed in (("new", whole.typed_new), ("old", whole.typed_old)):
        assert {i for i in typed if not i.startswith(skolem)} == {
            i for i in outline.flags if outline.described(i, side) and not i.startswith(skolem)
        }
    removed = {c.iri: c for c in whole.changes if c.status == "removed"}
    assert set(outline.removed) == set(removed)
    for iri, c in removed.items():
        types = sorted(
            {
                x.split(" ")[2][1:-1]
                for x in c.removed
                if x.startswith(f"<{iri}> ") and " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " in x
            }
        )
        assert outline.removed[iri] == Removed(c.label, tuple(types))


def test_a_reified_statement_about_a_reified_statement_is_counted_under_it(tmp_path):
    """Not in the graph as built, but in any graph: the outline then reads the graphs a second time for the
    flags of such an owner, and says what the whole diff says."""
    g = "http://x/.well-known/genid/"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    old, new = tmp_path / "old.nt", tmp_path / "new.nt"
    lines = [
        f"<http://x/a> <{rdf}type> <http://x/T> .",
        f"<{g}s1> <{rdf}subject> <http://x/a> .",
        f"<{g}s1> <{rdf}type> <{rdf}Statement> .",
        f"<{g}s2> <{rdf}subject> <{g}s1> .",
    ]
    old.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    new.write_text("\n".join(sorted([*lines, f'<{g}s2> <http://x/note> "n" .'])) + "\n", encoding="utf-8")
    assert scan(old, new).summary == diff(old, new).summary
    assert diff(old, new).summary.changed == 1


def test_members_are_split_over_linked_pages_in_resource_order(releases, tmp_path, monkeypatch):
    root, first, _ = releases
    monkeypatch.setattr(ldes, "PAGE_SIZE", 100)
    (old, new), _ = graphs_of(root, first, first)
    release = History(root / "dist").find(first.release.id)
    with ldes.Members(BASE, scratch=tmp_path) as members:
        scan(old, new, members)
        expected = [iri for iri, _, _ in members]
        written = ldes.write_release_pages(tmp_path / "pages", BASE, release, members, {})
    assert written.members == len(expected) and written.pages == -(-len(expected) // 100) > 2
    seen = []
    for n in range(1, written.pages + 1):
        g = Graph().parse(tmp_path / "pages" / f"{n}.ttl", format="turtle")
        page = URIRef(f"{ldes.PLACEHOLDER}{release.id}/{n}")
        following = {
            g.value(r, URIRef("https://w3id.org/tree#node"))
            for r in g.objects(page, URIRef("https://w3id.org/tree#relation"))
        }
        assert following == ({URIRef(f"{ldes.PLACEHOLDER}{release.id}/{n + 1}")} if n < written.pages else set())
        on_page = sorted(
            str(g.value(m, DCTERMS.isVersionOf))
            for m in g.objects(URIRef(ldes.stream_iri(BASE)), URIRef("https://w3id.org/tree#member"))
        )
        assert len(on_page) == (100 if n < written.pages else len(expected) - 100 * (written.pages - 1))
        seen += on_page
    assert seen == expected


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_literal_holding_a_line_separator_stays_one_statement(tmp_path, separator):
    """Oxigraph writes U+2028, U+2029 and U+0085 in a literal as they are: the diff and the change feed split
    lines at "\\n" alone, so such a statement is neither cut in two nor lost."""
    thing = f"{BASE}id/project/x"
    lines = sorted(
        [
            f"<{thing}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{BASE}def/Project> .",
            f'<{thing}> <http://www.w3.org/2000/01/rdf-schema#label> "een{separator}twee"@nl .',
        ]
    )
    graph = tmp_path / "kg.nt"
    graph.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    whole = diff(None, graph)
    assert [line for c in whole.changes for line in c.added] == lines
    with ldes.Members(BASE, scratch=tmp_path) as members:
        assert scan(None, graph, members).summary.statements_added == 2
        assert list(members) == [(thing, "Create", lines)]
