"""Every fact traced to its sentence: quotes equal the shipped text at their offsets; coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def data_graph(project):
    from kg.loading import load_store
    from kg.store import KnowledgeGraph
    return KnowledgeGraph(load_store(project, kinds=("data",))).to_rdflib_graph()


def test_every_quote_equals_the_text_at_its_offsets(data_graph, project):
    from kg.evidence import check_quotes
    results = check_quotes(data_graph, project.root)
    assert len(results) > 100, "the note's evidence is missing"
    bad = [f"{r.evidence}: {r.message}" for r in results if not r.ok]
    assert not bad, "\n".join(bad)


def test_shipped_note_is_the_source_text(data_graph):
    import hashlib
    from kg.namespaces import KG, SOURCE
    doc = SOURCE["dakartimes-2025-09-15-jnim-kayes"]
    shipped = ROOT / str(data_graph.value(doc, KG.textFile))
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == str(data_graph.value(doc, KG.sha256))
    original = ROOT.parent / "shared" / "sources" / shipped.name
    if original.is_file():
        assert original.read_bytes() == shipped.read_bytes()


def test_every_fact_bearing_sentence_is_cited(data_graph, project):
    from kg.coverage import coverage
    [report] = coverage(data_graph, project.root)
    uncited = [f"[{s.start}] {s.text[:80]}" for s in report.uncited]
    assert not uncited, "uncited sentences (cite them, or judge them fact-free in the .fact-free.tsv):\n" + "\n".join(uncited)
    judged = [s for s in report.sentences if s.judged_fact_free]
    assert len(judged) < len(report.sentences) // 4


def test_locate_quotes_fills_offsets_and_refuses_ambiguity(tmp_path):
    from kg.evidence import locate_quotes_in_file
    text = "Le JNIM a attaqué Diboli. Le JNIM a attaqué Kayes."
    f = tmp_path / "e.ttl"
    f.write_text('evidence:a oa:exact "attaqué Diboli" ; oa:start 0 ; oa:end 0 .\n', encoding="utf-8")
    assert locate_quotes_in_file(f, text) == []
    assert "oa:start 10 ; oa:end 24" in f.read_text(encoding="utf-8")
    f.write_text('evidence:a oa:exact "Le JNIM a attaqué" ; oa:start 0 ; oa:end 0 .\n', encoding="utf-8")
    problems = locate_quotes_in_file(f, text)
    assert problems and "more than once" in problems[0]
    f.write_text('evidence:a oa:exact "Tombouctou" ; oa:start 0 ; oa:end 0 .\n', encoding="utf-8")
    assert "not found" in locate_quotes_in_file(f, text)[0]


def test_coverage_command_exit_code(capsys):
    from conftest import run_cli
    code, out, _ = run_cli(capsys, "coverage")
    assert code == 0, out[-2000:]
    assert "0 uncited" in out
