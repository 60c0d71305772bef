"""The documentation's generated parts, kept true against the code and the current build.

- A ```sparql block followed at once by a ```text block is an example: the text is exactly what `kg query`
  prints for the query on the current build.
- Between `<!-- settings-table -->` and `<!-- /settings-table -->` stands the table of every setting
  (kg.settings.markdown_table).
- Between `<!-- cli-reference -->` and `<!-- /cli-reference -->` stands the help of every `kg` command.

`python -m kg.docs` rewrites them in README.md and docs/**/*.md from a real build; the tests fail when any
differs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.iris import Iris
from kg.table import render
from kg.vocab import prefixes

#: a sparql block followed at once by its text output (a sparql block without output is not an example)
EXAMPLE = re.compile(r"```sparql\n(?P<query>(?:(?!```).)*?)```\n\n```text\n(?P<output>.*?)```", re.DOTALL)
SPARQL = re.compile(r"```sparql\n(.*?)```", re.DOTALL)
#: the width the command reference is written at
HELP_WIDTH = 100


@dataclass(frozen=True)
class Example:
    query: str
    output: str
    span: tuple[int, int]  # of the output text in the document


def doc_files(root: Path) -> list[Path]:
    """The project's documentation: the README and every page under docs/."""
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


def examples(text: str) -> list[Example]:
    return [Example(m["query"], m["output"], m.span("output")) for m in EXAMPLE.finditer(text)]


def queries(text: str) -> list[str]:
    """Every SPARQL block of a document, examples or not."""
    return SPARQL.findall(text)


def run(store: ox.Store, query: str, iris: Iris) -> str:
    pre = prefixes(iris)
    result = store.query(query, prefixes=pre)
    names = [v.value for v in result.variables]
    return render(names, [[s[n] for n in names] for s in result], pre) + "\n"


def cli_reference() -> str:
    """The help of `kg` and of each of its commands, as a terminal HELP_WIDTH wide shows it."""
    import click
    from click.testing import CliRunner

    from kg.cli import main

    def shown(*args: str) -> str:
        result = CliRunner().invoke(
            main, [*args, "--help"], prog_name="kg", terminal_width=HELP_WIDTH, max_content_width=HELP_WIDTH
        )
        return result.output.rstrip("\n")

    names = sorted(main.list_commands(click.Context(main)))
    parts = [("kg", shown()), *((f"kg {name}", shown(name)) for name in names)]
    return "".join(f"### `{title}`\n\n```text\n{text}\n```\n\n" for title, text in parts)


def _settings_table() -> str:
    from kg.settings import markdown_table

    return markdown_table()


def vocabulary_table(ontology: Path | None = None) -> str:
    """Every class and property the ontology defines (rdfs:isDefinedBy aeno:), with its Dutch and English
    labels and the standard terms it is aligned to, as a table."""
    from rdflib import Graph, URIRef

    from kg.defaults import DEFAULT_BASE
    from kg.vocab import OWL, RDF, RDFS

    path = ontology or Path(__file__).resolve().parents[2] / "ontology" / "aeno.ttl"
    g = Graph(bind_namespaces="none").parse(path, format="turtle")  # the file's own prefixes, schema: included
    aeno = URIRef(f"{DEFAULT_BASE}def/")
    kinds = {OWL.Class: "class", OWL.ObjectProperty: "property", OWL.DatatypeProperty: "property"}

    def short(term: URIRef) -> str:
        return g.namespace_manager.normalizeUri(term)

    rows = []
    for term in sorted(set(g.subjects(RDFS.isDefinedBy, aeno))):
        kind = next((k for t, k in kinds.items() if (term, RDF.type, t) in g), None)
        if kind is None:
            continue
        labels = {lit.language: str(lit) for lit in g.objects(term, RDFS.label)}
        aligned = sorted(short(o) for p in (RDFS.subClassOf, RDFS.subPropertyOf) for o in g.objects(term, p))
        note = " (deprecated)" if (term, OWL.deprecated, None) in g else ""
        rows.append(
            f"| `{short(term)}`{note} | {kind} | {labels.get('nl', '')} | {labels.get('en', '')} | "
            f"{', '.join(f'`{a}`' for a in aligned)} |"
        )
    head = "| term | kind | Dutch | English | aligned to |\n| --- | --- | --- | --- | --- |\n"
    return head + "\n".join(rows) + "\n"


def rules_table() -> str:
    """The inference rules (kg.convert.codelists.RULES): each rule's IRI, name and definition, as a table."""
    from kg.convert.codelists import RULES

    rows = [f"| `afleidingsregel:{key}` | {r.nl} ({r.en}) | {r.definition_en} |" for key, r in RULES.items()]
    return "| rule | name | what it infers |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n"


#: the generated blocks: marker name -> what stands between the markers
GENERATED: dict[str, Callable[[], str]] = {
    "settings-table": _settings_table,
    "cli-reference": cli_reference,
    "vocabulary": vocabulary_table,
    "inference-rules": rules_table,
}


def block(text: str, name: str) -> str | None:
    """The text between a generated block's markers, None where the document has none."""
    m = re.search(rf"<!-- {name} -->\n(.*?)<!-- /{name} -->", text, re.DOTALL)
    return m[1] if m else None


def rewrite(text: str, store: ox.Store, iris: Iris) -> str:
    out, last = [], 0
    for ex in examples(text):
        out += [text[last : ex.span[0]], run(store, ex.query, iris)]
        last = ex.span[1]
    text = "".join(out) + text[last:]
    for name, make in GENERATED.items():
        if block(text, name) is not None:
            made = make()
            text = re.sub(
                rf"(<!-- {name} -->\n).*?(<!-- /{name} -->)", lambda m, made=made: m[1] + made + m[2], text, flags=re.S
            )
    return text


def main() -> None:  # pragma: no cover - a maintenance command
    from kg.project import Project
    from kg.publish.store import open_store

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path()
    project = Project.open(root)
    store = open_store(project.default_out() / "store")
    for path in doc_files(project.root):
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, store, project.iris)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {path.relative_to(project.root)}")


if __name__ == "__main__":  # pragma: no cover
    main()
