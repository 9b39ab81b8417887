"""The ``kg`` command: parses arguments and calls the package's API; nothing else lives here.

Exit codes: 0 success / conforms, 1 violations (validate, coverage), 2 error (bad input,
unknown name, unreachable endpoint…). User errors print one line, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, KgError

__all__ = ["main"]


def _params(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise KgError(f"bad --param {pair!r}: write --param name=value")
        out[name.strip()] = value
    return out


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        from .files import atomic_writer
        with atomic_writer(out, "w") as fh:
            fh.write(text)


def _project():
    from .loading import find_project
    return find_project()


# ----------------------------------------------------------------------------- commands

def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .output import progress
    project = _project()
    with progress("building"):
        result = build(project, args.out)
    s = result.summary
    print(f"Built {s['triples']} triples into {project.rel(result.out_dir / 'kg.nq')}")
    print(f"  sources: {s['sources']}, events: {s['events']}, claims: {s['claims']}, figures: {s['figures']}, evidence quotes: {s['evidence']}")
    print(f"  derived: {s['derived']['total']} triples in {s['derived']['rounds']} rounds " +
          ", ".join(f"{k} {v}" for k, v in s["derived"]["by_rule"].items()))
    print("  resources per class: " + ", ".join(f"{k} {v}" for k, v in s["resources_per_class"].items()))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .output import progress
    from .validation import format_json, format_text, validate
    project = _project()
    with progress("validating") as step:
        report = validate(project, shacl_engine=args.shacl_engine, reasoner=not args.no_reasoner, progress=step)
    print(format_json(report) if args.format == "json" else format_text(report))
    return report.exit_code


def _engine(args: argparse.Namespace):
    if getattr(args, "endpoint", None) or _env_endpoint():
        from .remote import RemoteEngine
        return RemoteEngine.from_args(args)
    from .build import load_built
    return load_built(_project()).engine(args.engine)


def _env_endpoint() -> str | None:
    import os
    return os.environ.get("KG_ENDPOINT")


def cmd_query(args: argparse.Namespace) -> int:
    from .output import render, use_colour
    from .queries import load_catalogue, resolve_query, run_saved, resolve_params
    project = _project()
    sq = resolve_query(load_catalogue(project.queries_dir), args.name)
    resolve_params(sq, _params(args.param))  # parameter errors before any loading
    table = run_saved(_engine(args), sq, _params(args.param))
    _write(render(table, args.format, colour=args.out is None and use_colour()), args.out)
    return EXIT_OK


def cmd_sparql(args: argparse.Namespace) -> int:
    from .output import render, use_colour
    from .queries import Param, bind, parse_param_value
    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise KgError(f"{args.file}: cannot read: {exc.strerror or exc}") from None
    elif args.query:
        text = args.query
    else:
        raise KgError("give a query string or --file FILE")
    raw = _params(args.param)
    values = {n: parse_param_value(Param(n, "string", None, False, ""), v) if not _looks_iri(v)
              else parse_param_value(Param(n, "iri", None, False, ""), v) for n, v in raw.items()}
    from .store import prefix_block
    if "PREFIX" not in text.upper():
        text = prefix_block(newline=" ") + text
    table = _engine(args).select(bind(text, values))
    _write(render(table, args.format, colour=args.out is None and use_colour()), args.out)
    return EXIT_OK


def _looks_iri(v: str) -> bool:
    from .queries import _expand_iri
    return _expand_iri(v) is not None and (v.startswith("<") or "://" in v or v.split(":", 1)[0].isidentifier())


def cmd_queries(args: argparse.Namespace) -> int:
    from .queries import load_catalogue
    project = _project()
    catalogue = load_catalogue(project.queries_dir)
    if args.action == "export":
        from .catalogue import catalogue_graph
        data = catalogue_graph(catalogue).serialize(format="turtle")
        _write(data, args.out)
        return EXIT_OK
    for sq in catalogue.values():
        params = ", ".join(p.describe() for p in sq.params) or "no parameters"
        print(f"{sq.name}\n    {sq.title}\n    {params}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .build import load_built
    from .export import export, select_graphs
    project = _project()
    kg = load_built(project)
    context = None
    if args.format == "json-ld":
        try:
            context = json.loads(project.context_jsonld.read_text(encoding="utf-8"))
        except OSError:
            raise KgError(f"{project.rel(project.context_jsonld)}: cannot read the JSON-LD context: run `kg context`") from None
        except ValueError as exc:
            raise KgError(f"{project.rel(project.context_jsonld)}: not valid JSON: {exc}") from None
    graphs = select_graphs(kg, include_ontology=not args.no_ontology, include_derived=not args.asserted)
    data = export(kg, args.format, args.out, context, graphs)
    if args.out is None:
        sys.stdout.buffer.write(data)
    else:
        print(f"Wrote {len(data)} bytes of {args.format} to {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_context(args: argparse.Namespace) -> int:
    from .export import make_context
    from .loading import load_store
    from .store import KnowledgeGraph
    project = _project()
    ctx = make_context(KnowledgeGraph(load_store(project, kinds=("ontology",))))
    out = args.out or project.context_jsonld
    _write(json.dumps(ctx, indent=2, ensure_ascii=False) + "\n", out)
    print(f"Wrote {out}", file=sys.stderr)
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    from .coverage import coverage, format_json, format_text
    from .store import KnowledgeGraph
    from .loading import load_store
    project = _project()
    graph = KnowledgeGraph(load_store(project, kinds=("data",))).to_rdflib_graph()
    reports = coverage(graph, project.root)
    print(format_json(reports) if args.format == "json" else format_text(reports, args.all))
    return EXIT_OK if all(r.ok for r in reports) else EXIT_VIOLATIONS


def cmd_locate_quotes(args: argparse.Namespace) -> int:
    from .evidence import locate_quotes_in_file
    text = Path(args.text).read_text(encoding="utf-8")
    problems = [p for f in args.files for p in locate_quotes_in_file(Path(f), text)]
    for p in problems:
        print(p, file=sys.stderr)
    return EXIT_VIOLATIONS if problems else EXIT_OK


# ----------------------------------------------------------------------------- parser

def _add_output(p: argparse.ArgumentParser) -> None:
    from .output import FORMATS
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--out", type=Path, help="write to this file instead of standard output")


def _add_engine(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
                   help="embedded query engine (default: oxigraph)")
    p.add_argument("--endpoint", help="run on this SPARQL 1.1 query endpoint instead (or set KG_ENDPOINT)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for an endpoint (default 30)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Build, validate, query and export the knowledge graph.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="load ontology and data, derive, write build/kg.nq and a summary")
    p.add_argument("--out", type=Path, help="output folder (default: build/)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="SHACL, evidence quotes, integrity queries, OWL consistency")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--shacl-engine", choices=("turbo", "pyshacl"), default="turbo",
                   help="turbo: pyshacl-turbo (default, same results, ~20x faster); pyshacl: the reference engine")
    p.add_argument("--no-reasoner", action="store_true", help="skip the HermiT consistency check")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("query", help="run a saved query (see 'kg queries')")
    p.add_argument("name")
    p.add_argument("--param", action="append", metavar="NAME=VALUE", help="parameter value (repeatable)")
    _add_output(p)
    _add_engine(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("sparql", help="run an ad-hoc SELECT query from a string or a file")
    p.add_argument("query", nargs="?")
    p.add_argument("--file", help="read the query from this file")
    p.add_argument("--param", action="append", metavar="NAME=VALUE", help="bind ?_NAME (repeatable)")
    _add_output(p)
    _add_engine(p)
    p.set_defaults(func=cmd_sparql)

    p = sub.add_parser("queries", help="list the saved queries, or export the catalogue as RDF")
    p.add_argument("action", nargs="?", choices=("list", "export"), default="list")
    p.add_argument("--out", type=Path)
    p.set_defaults(func=cmd_queries)

    from .export import EXPORT_FORMATS
    p = sub.add_parser("export", help="export the built graph")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="turtle")
    p.add_argument("--out", type=Path, help="output file (default: standard output)")
    p.add_argument("--asserted", action="store_true", help="leave out the derived triples")
    p.add_argument("--no-ontology", action="store_true", help="leave out the ontology and taxonomy")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("coverage", help="sentences of each note and the facts citing them")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--all", action="store_true", help="list cited sentences too")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("context", help="regenerate ontology/context.jsonld from the ontology")
    p.add_argument("--out", type=Path)
    p.set_defaults(func=cmd_context)

    p = sub.add_parser("locate-quotes", help="fill oa:start/oa:end of quotes in Turtle files")
    p.add_argument("files", nargs="+")
    p.add_argument("--text", default="data/sources/dakartimes-2025-09-15-jnim-kayes.txt")
    p.set_defaults(func=cmd_locate_quotes)

    for extra in ("remote", "gazetteer", "bench"):
        try:
            module = __import__(f"kg.{extra}", fromlist=["add_commands"])
        except ImportError:
            continue
        if hasattr(module, "add_commands"):
            module.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KgError as exc:
        print(f"kg: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
