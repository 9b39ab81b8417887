"""The saved query catalogue (queries/*.rq): syntax, headers, exact rows, engine parity, parameters.

Expected rows live in tests/expected/<name>.tsv, as `kg query NAME --format tsv` prints them on the
note's graph with default parameters; tests/expected/README.md says how each file was checked
against the note. To refresh one after a deliberate data change:
``kg query NAME --format tsv > tests/expected/NAME.tsv`` — then check the diff against the note.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery

from kg.errors import KgError
from kg.output import render_tsv, short
from kg.queries import (
    Param, bind, load_catalogue, parse_param_value, resolve_params, run_saved, sparql_term,
)

ROOT = Path(__file__).resolve().parents[1]
QUERIES_DIR = ROOT / "queries"
EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
CATALOGUE = load_catalogue(QUERIES_DIR)
NAMES = sorted(CATALOGUE)

#: The 20 questions of the catalogue; a file added or renamed must be added here on purpose.
EXPECTED_NAMES = sorted([
    "factions-and-affiliations", "group-timeline", "events-in-place", "events-by-type",
    "targeted-companies", "roads-attacked", "announcements-and-acts", "kidnappings",
    "disputed-claims", "hedged-statements", "figures", "evidence-for", "country-exposure",
    "religious-figures", "force-actions", "reporting-chain", "neighbourhood", "uncertain-dates",
    "actor-roles", "places-with-coordinates",
])

SCHEMA = Namespace("https://schema.org/")

HOSTILE = ['"', "'", "}", "} UNION { ?s ?p ?o }", "\n", "a\nb", "<http://x> } #",
           "actor:jnim> } UNION {", '" } UNION { ?s ?p ?o } #', "\\", "\\\" . } #"]


# ----------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def graph():
    """The note's graph, asserted + derived, built once per session."""
    from kg.build import build_graph
    from kg.loading import find_project
    kg, _ = build_graph(find_project(ROOT))
    return kg


@pytest.fixture(scope="session")
def oxigraph(graph):
    return graph.engine("oxigraph")


@pytest.fixture(scope="session")
def rdflib_engine(graph):
    return graph.engine("rdflib")


def rows(engine, name: str, **params: str) -> list[tuple[str, ...]]:
    """A saved query's rows as tuples of short strings (prefixed IRIs, value@lang)."""
    table = run_saved(engine, CATALOGUE[name], params)
    return [tuple(short(v) for v in r) for r in table.rows]


def body(text: str) -> str:
    """The query text without full-line comments (the header and explanations)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


# ----------------------------------------------------------------------------- catalogue and syntax

def test_catalogue_holds_the_twenty_questions():
    assert NAMES == EXPECTED_NAMES
    assert sorted(p.stem for p in EXPECTED_DIR.glob("*.tsv")) == EXPECTED_NAMES


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_with_rdflib_and_oxigraph(name):
    text = CATALOGUE[name].text
    prepareQuery(text)
    result = ox.Store().query(text)  # an empty store: parses, plans and runs the query
    assert isinstance(result, ox.QuerySolutions)


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete(name):
    sq = CATALOGUE[name]
    assert sq.path.name == f"{name}.rq" and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
    for key in ("title", "question", "question-fr", "tags", "columns"):
        assert sq.header.get(key) and sq.header[key][0].strip(), f"{name}: no {key}"
        assert len(sq.header[key]) == 1, f"{name}: {key} given twice"
    assert sq.question.endswith("?") and sq.question_fr.endswith("?")
    assert sq.tags and all(t == t.strip() and t for t in sq.tags)
    # columns are exactly the projected variables, in order, for both parsers
    projected_rdflib = [str(v) for v in prepareQuery(sq.text).algebra["PV"]]
    projected_ox = [v.value for v in ox.Store().query(sq.text).variables]
    assert sq.columns == projected_rdflib == projected_ox
    assert len(set(sq.columns)) == len(sq.columns)
    assert not any(c.startswith("_") for c in sq.columns), "parameters are not columns"


@pytest.mark.parametrize("name", NAMES)
def test_parameters_match_the_variables_used(name):
    sq = CATALOGUE[name]
    used = set(re.findall(r"\?_([A-Za-z][A-Za-z0-9_]*)", body(sq.text)))
    declared = {p.name for p in sq.params}
    assert used == declared, f"{name}: used {sorted(used)}, declared {sorted(declared)}"
    for p in sq.params:
        assert p.description and (p.default is not None or p.optional), f"{name}: {p.name} needs a default or 'optional'"
        if p.default is not None:
            parse_param_value(p, p.default)  # the default itself is a valid value


@pytest.mark.parametrize("name", NAMES)
def test_every_prefix_used_is_declared(name):
    text = body(CATALOGUE[name].text)
    declared = set(re.findall(r"^PREFIX\s+([A-Za-z][\w-]*):", text, flags=re.M))
    without_iris_and_strings = re.sub(r'<[^<>\s]*>|"[^"\n]*"', " ", text)
    used = set(re.findall(r"(?<![\w?$:/.#-])([A-Za-z][\w-]*):[A-Za-z_]", without_iris_and_strings))
    assert used <= declared, f"{name}: undeclared prefixes {sorted(used - declared)}"


@pytest.mark.parametrize("name", NAMES)
def test_results_are_totally_ordered(name):
    """ORDER BY names every projected column (an aggregate is fixed by the group key)."""
    sq = CATALOGUE[name]
    order = re.search(r"^ORDER\s+BY\s+(.*)$", body(sq.text), flags=re.M)
    assert order, f"{name}: no ORDER BY"
    ordered = set(re.findall(r"\?(\w+)", order.group(1)))
    grouped = re.search(r"^GROUP\s+BY\s+(.*)$", body(sq.text), flags=re.M)
    keys = set(re.findall(r"\?(\w+)", grouped.group(1))) if grouped else set(sq.columns)
    assert keys & set(sq.columns) <= ordered, f"{name}: not ordered by {sorted((keys & set(sq.columns)) - ordered)}"
    assert "GROUP_CONCAT" not in sq.text.upper(), f"{name}: GROUP_CONCAT order differs between engines"


# ----------------------------------------------------------------------------- exact rows and parity

@pytest.mark.parametrize("name", NAMES)
def test_rows_with_default_parameters_are_the_expected_ones(name, oxigraph):
    expected = (EXPECTED_DIR / f"{name}.tsv").read_text(encoding="utf-8")
    got = render_tsv(run_saved(oxigraph, CATALOGUE[name]))
    assert got == expected, f"{name}: rows differ from tests/expected/{name}.tsv"


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_engine_gives_the_same_rows(name, oxigraph, rdflib_engine):
    sq = CATALOGUE[name]
    assert render_tsv(run_saved(rdflib_engine, sq)) == render_tsv(run_saved(oxigraph, sq))


@pytest.mark.parametrize("name", NAMES)
def test_no_blank_nodes_and_no_duplicate_rows(name, oxigraph):
    table = run_saved(oxigraph, CATALOGUE[name])
    assert all(not (v is not None and v.n3().startswith("_:")) for r in table.rows for v in r)
    assert len(set(table.rows)) == len(table.rows)


VARIANTS = [
    ("group-timeline", {"from": "2025-09-01", "to": "2025-09-05"}),
    ("group-timeline", {"group": "actor:katiba-macina"}),
    ("group-timeline", {"to": "2025-06-30"}),
    ("evidence-for", {"resource": "place:rn1"}),
    ("evidence-for", {"resource": "figure:china-investment-in-mali-2000-2020"}),
    ("figures", {"about": "place:rn1"}),
    ("figures", {"about": "actor:jnim"}),
    ("events-in-place", {"place": "place:segou-region"}),
    ("events-by-type", {"type": "kgt:arson-and-sabotage"}),
    ("factions-and-affiliations", {"group": "actor:katiba-macina"}),
    ("factions-and-affiliations", {"group": "actor:al-qaida"}),
    ("country-exposure", {"country": "place:mauritania"}),
    ("force-actions", {"force": "actor:garsi"}),
    ("reporting-chain", {"fact": "claim:blockade-kayes-nioro-denied"}),
    ("neighbourhood", {"resource": "actor:covec"}),
    ("hedged-statements", {"hedge": "semble"}),
]


@pytest.mark.parametrize("name,params", VARIANTS, ids=[f"{n}-{'-'.join(p.values())}" for n, p in VARIANTS])
def test_parameterised_variants_agree_across_engines(name, params, oxigraph, rdflib_engine):
    sq = CATALOGUE[name]
    assert render_tsv(run_saved(rdflib_engine, sq, params)) == render_tsv(run_saved(oxigraph, sq, params))


def _substituted(sq, values) -> str:
    """The query with each bound parameter written in as a constant (no VALUES block)."""
    text = sq.text
    for pname, term in values.items():
        if term is None:
            continue
        text = re.sub(rf"BOUND\(\s*\?_{pname}\s*\)", "true", text)
        # a subquery projecting the parameter (to join it outside) projects nothing in its place
        text = re.sub(r"SELECT\b[^{}]*?\bWHERE\b",
                      lambda m: re.sub(rf"\s\?_{pname}\b", "", m.group(0)), text)
        text = re.sub(rf"\?_{pname}\b", lambda m: sparql_term(term), text)
    unbound = {k: v for k, v in values.items() if v is None}
    return bind(text, unbound) if unbound else text


@pytest.mark.parametrize("name,params", [(n, {}) for n in NAMES] + VARIANTS,
                         ids=[f"{n}-default" for n in NAMES] + [f"{n}-{'-'.join(p.values())}" for n, p in VARIANTS])
def test_parameters_mean_the_same_as_constants(name, params, oxigraph):
    """A VALUES-bound parameter must act as if its value were written into the query.

    This catches a parameter used inside a FILTER of a nested group or UNION branch, where the
    VALUES binding at the top of the WHERE clause is not in scope (it is joined afterwards).
    """
    sq = CATALOGUE[name]
    values = resolve_params(sq, params)
    via_values = run_saved(oxigraph, sq, params)
    via_constants = oxigraph.select(_substituted(sq, values))
    assert render_tsv(via_values) == render_tsv(via_constants)


def test_timeline_date_range(oxigraph):
    got = rows(oxigraph, "group-timeline", **{"from": "2025-09-01", "to": "2025-09-05"})
    events = sorted({r[4] for r in got})
    assert events == [
        "event:2025-09-03-audio-message-blockade-kayes-nioro",
        "event:2025-09-05--2025-09-06-tankers-burned-bamako-kayes",
        "event:2025-09-05-arson-diarra-transport-bus-karangana",
        "event:2025-09-05-kidnapping-senegalese-drivers",
    ]
    # every row may fall in the range: latest >= from and earliest <= to
    assert all(r[1] >= "2025-09-01" and r[0] <= "2025-09-05" for r in got)
    # undated events are left out once a range is given
    assert all(r[0] and r[1] for r in got)
    # and the rows are in date order
    assert [r[0] for r in got] == sorted(r[0] for r in got)


def test_timeline_of_a_faction_has_only_its_own_actions(oxigraph):
    got = rows(oxigraph, "group-timeline", group="actor:katiba-macina")
    assert sorted({(r[4], r[6], r[7]) for r in got}) == [
        ("event:2025-07-01-attacks-kayes-diboli", "actor:katiba-macina", "kg:perpetrator"),
        ("event:2025-07-attacks-mining-sites-bafoulabe", "actor:katiba-macina", "kg:perpetrator"),
    ]


def test_timeline_before_june_end_has_only_what_may_have_happened_by_then(oxigraph):
    assert rows(oxigraph, "group-timeline", to="2025-06-30") == []


def test_evidence_for_the_rn1(oxigraph):
    got = rows(oxigraph, "evidence-for", resource="place:rn1")
    vias = {(r[2], r[5], r[6]) for r in got}
    assert ("evidence:place-rn1-route", "place:rn1", "kg:evidence") in vias
    assert ("evidence:place-rn1-route", "stmt:rn1-links-bamako", "rdf:subject") in vias
    assert ("evidence:claim-rn1-crucial", "claim:rn1-bamako-dakar-corridor-crucial", "kg:about") in vias
    assert ("evidence:figure-rn1-imports-share", "figure:rn1-share-of-land-imports", "kg:about") in vias
    assert ("evidence:event-sabotage-rn1", "event:2025-08-31-sabotage-rn1-covec-machinery", "kg:place") in vias
    assert ("evidence:event-sabotage-rn1", "event:2025-08-31-sabotage-rn1-covec-machinery", "kg:targetSite") in vias
    # the derived super-properties (prov:atLocation, kg:participant) are not listed again
    assert not any(p in ("prov:atLocation", "kg:participant") for *_, p in vias)
    # in text order, and every quote is where its offsets say
    assert [int(r[0]) for r in got] == sorted(int(r[0]) for r in got)
    assert_quotes_match_the_text(got)


def assert_quotes_match_the_text(got):
    text = (ROOT / "data/sources/dakartimes-2025-09-15-jnim-kayes.txt").read_text(encoding="utf-8")
    assert got
    for start, end, _, quote, source, *_ in got:
        assert source == "source:dakartimes-2025-09-15-jnim-kayes"
        assert text[int(start):int(end)] == quote


def test_evidence_for_katiba_macina_with_default_parameters(oxigraph):
    got = rows(oxigraph, "evidence-for")
    assert_quotes_match_the_text(got)
    # both passages of the note naming the Katiba Macina are there, as its own evidence
    own = [r[3] for r in got if r[6] == "kg:evidence"]
    assert any(q.startswith("Ces assauts menés par la Katiba Macina") for q in own)
    assert any(q.startswith("la Katiba Macina – une faction du JNIM") for q in own)


def test_evidence_for_the_china_figure(oxigraph):
    got = rows(oxigraph, "evidence-for", resource="figure:china-investment-in-mali-2000-2020")
    assert [(r[2], r[5], r[6]) for r in got] == [
        ("evidence:figure-china-investment", "figure:china-investment-in-mali-2000-2020", "kg:evidence"),
    ]
    assert got[0][3].startswith("notamment ceux de la Chine, qui a investi 2,5 milliards USD au Mali")


def test_figures_about_the_rn1(oxigraph):
    got = rows(oxigraph, "figures", about="place:rn1")
    assert [(r[0], r[2], r[3], r[4]) for r in got] == [
        ("figure:rn1-goods-tonnage-per-year", "2700000", "kgt:unit-tonne-per-year", ""),
        ("figure:rn1-share-of-land-imports", "30", "kgt:unit-percent", "kgt:approximately"),
    ]
    assert all(r[1] == "place:rn1" and r[10] == "actor:timbuktu-institute" for r in got)


def test_figures_about_the_jnim(oxigraph):
    got = rows(oxigraph, "figures", about="actor:jnim")
    assert [(r[0], r[2], r[3], r[8], r[9]) for r in got] == [
        ("figure:jnim-attacks-growth-2021-2024", "7", "kgt:unit-ratio", "2021-01-01", "2024-12-31"),
        ("figure:jnim-encirclement-strategy-duration", "3", "kgt:unit-week", "", ""),
        ("figure:jnim-strategy-tactical-axes", "3", "kgt:unit-count", "", ""),
    ]


def test_all_figures_when_no_resource_is_given(oxigraph):
    everything = rows(oxigraph, "figures")
    for about in ("place:rn1", "actor:jnim", "place:kayes-region"):
        assert [r for r in everything if r[1] == about] == rows(oxigraph, "figures", about=about)


def test_events_in_the_segou_region(oxigraph):
    got = rows(oxigraph, "events-in-place", place="place:segou-region")
    assert sorted({(r[3], r[5]) for r in got}) == [
        ("event:2025-07-01-attacks-kayes-segou", "place:segou-region"),
        ("event:2025-08-19-offensive-farabougou-biriki-were", "place:biriki-were"),
        ("event:2025-08-19-offensive-farabougou-biriki-were", "place:farabougou"),
        ("event:blockade-and-road-taxes-farabougou", "place:farabougou"),
        ("event:rules-imposed-farabougou", "place:farabougou"),
    ]


def test_events_of_a_type_include_narrower_types(oxigraph):
    got = rows(oxigraph, "events-by-type", type="kgt:arson-and-sabotage")
    assert {r[0] for r in got} == {"kgt:arson-of-vehicles", "kgt:sabotage-of-machinery"}
    assert {r[2] for r in got} == {
        "event:2025-08-31-sabotage-rn1-covec-machinery",
        "event:2025-09-05--2025-09-06-tankers-burned-bamako-kayes",
        "event:2025-09-05-arson-diarra-transport-bus-karangana",
        "event:arson-diarra-transport-buses",
        "event:tankers-burned-sikasso-bamako-bamako-segou",
    }
    assert {(r[4], r[5], r[6]) for r in got} == {
        ("ACLED", "skos:closeMatch", "acled:looting-property-destruction"),
        ("PLOVER", "skos:closeMatch", "plover:assault"),
    }


def test_factions_and_affiliations_from_the_other_side(oxigraph):
    assert {(r[0], r[1]) for r in rows(oxigraph, "factions-and-affiliations", group="actor:katiba-macina")} == {
        ("kg:factionOf", "actor:jnim")}
    assert {(r[0], r[1], r[3]) for r in rows(oxigraph, "factions-and-affiliations", group="actor:al-qaida")} == {
        ("kg:affiliatedWith", "actor:jnim", "evidence:actor-jnim-affiliated-al-qaida")}


def test_country_exposure_of_mauritania(oxigraph):
    got = rows(oxigraph, "country-exposure", country="place:mauritania")
    links = {(r[0], r[1], r[3]) for r in got}
    assert ("actor", "actor:mauritania", "state") in links
    assert ("event", "event:refugee-influx-mauritania", "in the country") in links
    assert ("event", "event:2025-07-01-attacks-kayes-diboli", "in a bordering place") in links
    assert ("claim", "claim:jnim-targets-cherif-influence", "about") in links
    # nothing about Senegal only
    assert ("actor", "actor:senegal", "state") not in links


def test_hedge_filter_matches_exact_text(oxigraph, rdflib_engine):
    everything = rows(oxigraph, "hedged-statements")
    for value in ("semble", "il semble qu’", "pourrait"):
        expected = [r for r in everything if r[3].rsplit("@", 1)[0] == value]
        assert expected, value
        assert rows(oxigraph, "hedged-statements", hedge=value) == expected
        assert rows(rdflib_engine, "hedged-statements", hedge=value) == expected


# ----------------------------------------------------------------------------- hostile parameter values

def _string_and_iri_params():
    for name in NAMES:
        for p in CATALOGUE[name].params:
            if p.type in ("iri", "string"):
                yield name, p


@pytest.mark.parametrize("name,param", list(_string_and_iri_params()),
                         ids=[f"{n}-{p.name}" for n, p in _string_and_iri_params()])
@pytest.mark.parametrize("value", HOSTILE, ids=[repr(v) for v in HOSTILE])
def test_hostile_values_cannot_change_a_query(name, param, value, oxigraph):
    sq = CATALOGUE[name]
    if param.type == "iri":
        with pytest.raises(KgError) as info:
            run_saved(oxigraph, sq, {param.name: value})
        assert "\n" not in info.value.message
        return
    # a string parameter is a literal with exactly that value: the rows are those a literal with
    # that value matches (here: none), never more than the unfiltered query and never the graph
    got = run_saved(oxigraph, sq, {param.name: value})
    unfiltered = run_saved(oxigraph, sq)
    col = sq.columns.index(param.name) if param.name in sq.columns else None
    if col is not None:
        expected = [r for r in unfiltered.rows if r[col] is not None and str(r[col]) == value]
        assert got.rows == expected
    assert len(got.rows) <= len(unfiltered.rows)
    assert got.columns == sq.columns


@pytest.mark.parametrize("value", HOSTILE, ids=[repr(v) for v in HOSTILE])
def test_hostile_string_is_serialised_as_one_literal(value):
    term = parse_param_value(Param("x", "string", None, False, ""), value)
    assert term == Literal(value)
    text = bind('SELECT ?v WHERE { BIND(?_x AS ?v) }', {"x": term})
    result = list(ox.Store().query(text))
    assert len(result) == 1 and result[0]["v"].value == value


def test_unknown_resource_is_an_error_suggesting_the_right_one(oxigraph):
    with pytest.raises(KgError) as info:
        run_saved(oxigraph, CATALOGUE["factions-and-affiliations"], {"group": "actor:jnimm"})
    assert "no resource actor:jnimm" in info.value.message
    assert "actor:jnim" in info.value.message.split("did you mean", 1)[1]


def test_unknown_parameter_and_bad_date_are_errors(oxigraph):
    with pytest.raises(KgError, match="has no parameter 'groupe'"):
        run_saved(oxigraph, CATALOGUE["group-timeline"], {"groupe": "actor:jnim"})
    with pytest.raises(KgError, match="not a date"):
        run_saved(oxigraph, CATALOGUE["group-timeline"], {"from": "2025-13-01"})
    with pytest.raises(KgError, match="not a date"):
        run_saved(oxigraph, CATALOGUE["group-timeline"], {"from": "2025-09-01\" } #"})


# ----------------------------------------------------------------------------- catalogue export and CLI

def test_catalogue_export_describes_every_query(capsys):
    from kg.cli import main
    assert main(["queries", "export"]) == 0
    out = capsys.readouterr().out
    g = Graph().parse(data=out, format="turtle")
    executables = set(g.subjects(RDF.type, SH.SPARQLSelectExecutable))
    kgq = "https://w3id.org/sahel-kg/query/"
    assert executables == {URIRef(kgq + n) for n in NAMES}
    for q in executables:
        name = str(q)[len(kgq):]
        comments = {c.language: str(c) for c in g.objects(q, RDFS.comment)}
        assert comments.get("en") == CATALOGUE[name].question and comments.get("fr") == CATALOGUE[name].question_fr
        assert {str(k) for k in g.objects(q, SCHEMA.keywords)} == set(CATALOGUE[name].tags)
        assert str(g.value(q, SH.select)) == CATALOGUE[name].text
        prepareQuery(str(g.value(q, SH.select)))


@pytest.fixture()
def cli_env(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_ROOT", str(ROOT))
    monkeypatch.setenv("KG_BUILD_DIR", str(tmp_path / "build"))  # no stale build: built in memory
    monkeypatch.delenv("KG_ENDPOINT", raising=False)
    monkeypatch.setenv("COLUMNS", "400")  # a wide "terminal": table cells are not cut


def _cli(capsys, *argv):
    from kg.cli import main
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_tsv_csv_json_and_a_table(cli_env, capsys):
    name = "kidnappings"
    expected_tsv = (EXPECTED_DIR / f"{name}.tsv").read_text(encoding="utf-8")
    code, out, err = _cli(capsys, "query", name, "--format", "tsv")
    assert code == 0, err
    assert out == expected_tsv

    code, out, _ = _cli(capsys, "query", name, "--format", "csv")
    assert code == 0
    lines = out.split("\r\n")
    assert lines[0] == ",".join(CATALOGUE[name].columns)
    assert "https://w3id.org/sahel-kg/id/actor/senegalese-drivers" in out

    code, out, _ = _cli(capsys, "query", name, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["head"]["vars"] == CATALOGUE[name].columns
    assert len(data["results"]["bindings"]) == len(expected_tsv.splitlines()) - 1
    victims = {b["victim"]["value"] for b in data["results"]["bindings"] if "victim" in b}
    assert "https://w3id.org/sahel-kg/id/actor/indian-hostages" in victims

    code, out, _ = _cli(capsys, "query", name, "--format", "table")
    assert code == 0
    assert out.splitlines()[0].split(" | ")[0].strip() == "event"
    assert "actor:senegalese-drivers" in out
    assert out.rstrip().endswith(f"({len(expected_tsv.splitlines()) - 1} rows)")


def test_cli_passes_parameters(cli_env, capsys):
    code, out, err = _cli(capsys, "query", "figures", "--param", "about=place:rn1", "--format", "tsv")
    assert code == 0, err
    assert len(out.splitlines()) == 3 and "rn1-share-of-land-imports" in out


def test_cli_unknown_query_exits_2_and_suggests(cli_env, capsys):
    code, out, err = _cli(capsys, "query", "group-timelin")
    assert code == 2 and out == ""
    assert err.startswith("kg: error: unknown query 'group-timelin'")
    assert "group-timeline" in err and len(err.strip().splitlines()) == 1


def test_cli_unknown_resource_exits_2(cli_env, capsys):
    code, out, err = _cli(capsys, "query", "group-timeline", "--param", "group=actor:jnimm")
    assert code == 2 and "no resource actor:jnimm" in err and "actor:jnim" in err
