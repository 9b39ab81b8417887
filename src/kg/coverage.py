"""``kg coverage``: for each sentence of a source note, the facts citing it, and the uncited ones.

A sentence no fact cites must be listed, with the reason, in the note's judgement file
``data/sources/<note>.fact-free.tsv`` (``start<TAB>sentence beginning<TAB>why it states no fact``);
any other uncited sentence fails the check.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .errors import KgError
from .namespaces import KG, OA

__all__ = ["Sentence", "split_sentences", "coverage", "CoverageReport", "format_text", "format_json"]

# A sentence ends at . ! ? : (before a line break) or … followed by space and an upper-case letter,
# a guillemet, a digit or a bullet; every line break also ends one (titles, bullets, headers).
_END = re.compile(r"(?<=[.!?])[\u00a0 ]+(?=[«\"“A-ZÀ-ÖØ-Þ0-9•(])|\n+")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    facts: list[str] = field(default_factory=list)
    judged_fact_free: str = ""


def split_sentences(text: str) -> list[Sentence]:
    out, pos = [], 0
    for m in _END.finditer(text):
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip(" \u00a0\t•")
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip(" \u00a0\t•"))
    s = start + lead
    out.append(Sentence(s, s + len(stripped), stripped))


@dataclass
class CoverageReport:
    source: str
    sentences: list[Sentence]

    @property
    def uncited(self) -> list[Sentence]:
        return [s for s in self.sentences if not s.facts and not s.judged_fact_free]

    @property
    def ok(self) -> bool:
        return not self.uncited


def _judgements(path: Path) -> dict[int, str]:
    if not path.is_file():
        return {}
    out = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, row in enumerate(csv.reader(fh, delimiter="\t"), 1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) < 3 or not row[0].isdigit():
                raise KgError(f"{path}:{lineno}: write start<TAB>sentence beginning<TAB>reason")
            out[int(row[0])] = row[2]
    return out


def coverage(graph: Graph, root: Path) -> list[CoverageReport]:
    """One report per source document that ships its text."""
    from .validation import shorten

    reports = []
    for doc, rel in sorted(graph.subject_objects(KG.textFile)):
        path = root / str(rel)
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(text)
        judged = _judgements(path.with_suffix(".fact-free.tsv"))
        spans = []
        for ev in graph.subjects(OA.hasSource, doc):
            if (ev, RDF.type, KG.Evidence) not in graph:
                continue
            start, end = graph.value(ev, OA.start), graph.value(ev, OA.end)
            if start is None or end is None:
                continue
            facts = sorted(shorten(s) for s in graph.subjects(KG.evidence, ev))
            spans.append((int(start), int(end), facts))
        for s in sentences:
            cited = set()
            for start, end, facts in spans:
                if start < s.end and end > s.start:
                    cited.update(facts)
            s.facts = sorted(cited)
            s.judged_fact_free = judged.get(s.start, "") if not cited else ""
        reports.append(CoverageReport(shorten(doc), sentences))
    return reports


def format_text(reports: list[CoverageReport], show_all: bool = False) -> str:
    lines = []
    for r in reports:
        cited = sum(1 for s in r.sentences if s.facts)
        judged = sum(1 for s in r.sentences if s.judged_fact_free)
        lines.append(f"{r.source}: {len(r.sentences)} sentences, {cited} cited, {judged} judged fact-free, {len(r.uncited)} uncited")
        for s in r.sentences:
            head = s.text[:90] + ("…" if len(s.text) > 90 else "")
            if s.facts and show_all:
                lines.append(f"  [{s.start}-{s.end}] {len(s.facts)} facts: {head}")
                lines.append("      " + ", ".join(s.facts[:8]) + (" …" if len(s.facts) > 8 else ""))
            elif s.judged_fact_free and show_all:
                lines.append(f"  [{s.start}-{s.end}] fact-free ({s.judged_fact_free}): {head}")
            elif not s.facts and not s.judged_fact_free:
                lines.append(f"  UNCITED [{s.start}-{s.end}] {head}")
    return "\n".join(lines)


def format_json(reports: list[CoverageReport]) -> str:
    return json.dumps([{
        "source": r.source,
        "uncited": len(r.uncited),
        "sentences": [{"start": s.start, "end": s.end, "text": s.text, "facts": s.facts,
                       "judged_fact_free": s.judged_fact_free} for s in r.sentences],
    } for r in reports], indent=2, ensure_ascii=False)
