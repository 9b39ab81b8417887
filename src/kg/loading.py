"""Finding the project's files and loading them into a store, one named graph per source.

Layout (see docs/modelling.md):

* ``ontology/kg.ttl`` and ``ontology/taxonomy.ttl`` → named graph ``graph:ontology``
* ``data/triples/<note>/*.ttl`` → named graph ``graph:<note>`` (one per source document)
* ``data/context/*.ttl`` → named graph ``graph:<file stem>`` (context with its own provenance)
* ``ontology/shapes.ttl``: SHACL shapes (not loaded into the queryable store)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .namespaces import GRAPH

__all__ = ["Project", "DataFile", "find_project", "parse_file", "load_file", "load_store", "ONTOLOGY_GRAPH",
           "DERIVED_GRAPH"]

ONTOLOGY_GRAPH = ox.NamedNode(str(GRAPH.ontology))
DERIVED_GRAPH = ox.NamedNode(str(GRAPH.derived))


@dataclass(frozen=True)
class DataFile:
    """One Turtle file and the named graph its triples go to."""

    path: Path
    graph: ox.NamedNode
    kind: str  # "ontology", "data" or "context"


@dataclass
class Project:
    """Where the project's inputs and outputs live."""

    root: Path
    build_dir: Path = field(init=False)

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        self.build_dir = Path(os.environ.get("KG_BUILD_DIR", self.root / "build"))

    @property
    def ontology_files(self) -> list[Path]:
        return [self.root / "ontology" / "kg.ttl", self.root / "ontology" / "taxonomy.ttl"]

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def context_jsonld(self) -> Path:
        return self.root / "ontology" / "context.jsonld"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.root / "queries" / "checks"

    def data_files(self) -> list[DataFile]:
        """Every input file with its graph, in a stable order."""
        files = [DataFile(p, ONTOLOGY_GRAPH, "ontology") for p in self.ontology_files]
        triples = self.root / "data" / "triples"
        if triples.is_dir():
            for note in sorted(d for d in triples.iterdir() if d.is_dir()):
                graph = ox.NamedNode(str(GRAPH[note.name]))
                files += [DataFile(p, graph, "data") for p in sorted(note.glob("*.ttl"))]
        context = self.root / "data" / "context"
        if context.is_dir():
            files += [DataFile(p, ox.NamedNode(str(GRAPH[p.stem])), "context") for p in sorted(context.glob("*.ttl"))]
        for f in files:
            if not f.path.is_file():
                raise KgError(f"{self.rel(f.path)}: file not found")
        return files

    def rel(self, path: Path) -> str:
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)


def find_project(start: Path | None = None) -> Project:
    """The project root: ``$KG_ROOT``, or the nearest folder above ``start`` holding ``ontology/`` and ``data/``."""
    def is_root(folder: Path) -> bool:
        return (folder / "ontology").is_dir() and (folder / "data").is_dir()

    env = os.environ.get("KG_ROOT")
    if env:
        if not is_root(Path(env)):
            raise KgError(f"KG_ROOT={env} is not a project folder (it needs ontology/ and data/)")
        return Project(Path(env))
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_root(folder):
            return Project(folder)
    # Installed without a checkout around: fall back to the source tree the package came from.
    pkg_root = Path(__file__).resolve().parents[2]
    if is_root(pkg_root):
        return Project(pkg_root)
    raise KgError(f"no project found: no ontology/ and data/ folders in {here} or above (set KG_ROOT)")


def parse_file(path: Path, graph: ox.NamedNode | ox.DefaultGraph | None = None, label: str | None = None) -> list[ox.Quad]:
    """Parse one Turtle file; a syntax error becomes a one-line ``file:line: reason`` message."""
    name = label or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KgError(f"{name}: cannot read: {exc.strerror or exc}") from None
    target = graph if graph is not None else ox.DefaultGraph()
    try:
        return [ox.Quad(t.subject, t.predicate, t.object, target)
                for t in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=Path(path).resolve().as_uri())]
    except SyntaxError as exc:
        raise KgError(f"{name}:{exc.lineno or '?'}: {_reason(str(exc.msg if hasattr(exc, 'msg') else exc))}") from None


def load_file(store: ox.Store, path: Path, graph: ox.NamedNode | ox.DefaultGraph, label: str | None = None) -> None:
    """Load one Turtle file into ``graph`` of ``store`` with Oxigraph's bulk loader (parsing in Rust).

    Errors read as :func:`parse_file`'s (``file:line: reason``); at 1M triples this is ~2x faster than
    parsing into Python quads first (benchmarks/RESULTS.md, load).
    """
    name = label or str(path)
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph,
                        base_iri=Path(path).resolve().as_uri())
    except SyntaxError as exc:
        raise KgError(f"{name}:{exc.lineno or '?'}: {_reason(str(exc.msg if hasattr(exc, 'msg') else exc))}") from None
    except OSError as exc:
        raise KgError(f"{name}: cannot read: {exc.strerror or exc}") from None


def _reason(message: str) -> str:
    """pyoxigraph says 'Parser error at line 3 between columns 6 and 11: The prefix …'; keep position + reason."""
    message = message.split(" (", 1)[0] if message.endswith(")") else message
    return message.replace("Parser error ", "", 1)


def load_store(project: Project, kinds: tuple[str, ...] = ("ontology", "data", "context"),
               store: ox.Store | None = None) -> ox.Store:
    """Load the project's files into a (new, in-memory) Oxigraph store, one named graph per source."""
    store = store if store is not None else ox.Store()
    for f in project.data_files():
        if f.kind in kinds:
            load_file(store, f.path, f.graph, project.rel(f.path))
    return store
