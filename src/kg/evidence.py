"""Evidence: quotes of the source notes and their character offsets.

An evidence node (``kg:Evidence``) is a span of a shipped source text. ``oa:exact`` is the quote,
``oa:start`` (inclusive) and ``oa:end`` (exclusive) are Unicode code-point offsets into the text
named by the source document's ``kg:textFile``, so ``text[start:end] == exact``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .namespaces import KG, OA

__all__ = ["QuoteCheck", "check_quotes", "locate_quotes_in_file", "read_source_texts"]


@dataclass(frozen=True)
class QuoteCheck:
    evidence: URIRef
    ok: bool
    message: str


def read_source_texts(graph: Graph, root: Path) -> dict[URIRef, str]:
    """Map each source document that declares ``kg:textFile`` to its text."""
    texts: dict[URIRef, str] = {}
    for doc, path in graph.subject_objects(KG.textFile):
        file = (root / str(path)).resolve()
        texts[doc] = file.read_text(encoding="utf-8")
    return texts


def check_quotes(graph: Graph, root: Path) -> list[QuoteCheck]:
    """Verify every evidence node: its quote equals the source text at its offsets."""
    texts = read_source_texts(graph, root)
    results: list[QuoteCheck] = []
    for ev in sorted(set(graph.subjects(RDF.type, KG.Evidence))):
        exact = graph.value(ev, OA.exact)
        start = graph.value(ev, OA.start)
        end = graph.value(ev, OA.end)
        src = graph.value(ev, OA.hasSource)
        if exact is None or start is None or end is None or src is None:
            results.append(QuoteCheck(ev, False, "evidence lacks oa:exact, oa:start, oa:end or oa:hasSource"))
            continue
        text = texts.get(src)
        if text is None:
            results.append(QuoteCheck(ev, False, f"source {src} has no kg:textFile to check against"))
            continue
        s, e, q = int(start), int(end), str(exact)
        if not q.strip():
            results.append(QuoteCheck(ev, False, "quote is empty"))
        elif not (0 <= s < e <= len(text)):
            results.append(QuoteCheck(ev, False, f"offsets {s}..{e} outside the text (length {len(text)})"))
        elif text[s:e] != q:
            found = text.find(q)
            hint = f"; the quote occurs at {found}..{found + len(q)}" if found >= 0 else "; the quote is not in the text"
            results.append(QuoteCheck(ev, False, f"text at {s}..{e} is {text[s:e][:60]!r}, not the quote{hint}"))
        else:
            results.append(QuoteCheck(ev, True, "ok"))
    return results


_BLOCK = re.compile(r'oa:exact\s+"((?:[^"\\]|\\.)*)"(?P<lang>@[A-Za-z-]+)?\s*;\s*oa:start\s+-?\d+\s*;\s*oa:end\s+-?\d+')


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def locate_quotes_in_file(ttl: Path, text: str) -> list[str]:
    """Rewrite ``oa:start``/``oa:end`` after every ``oa:exact`` in a Turtle file.

    The pattern must be written as ``oa:exact "…" ; oa:start N ; oa:end M`` (N, M may be 0).
    Returns problems (quote absent or ambiguous); the file is rewritten only if there are none.
    """
    src = ttl.read_text(encoding="utf-8")
    problems: list[str] = []

    def repl(m: re.Match[str]) -> str:
        quote = _unescape(m.group(1))
        first = text.find(quote)
        if first < 0:
            problems.append(f"{ttl}: quote not found in the text: {quote[:70]!r}")
            return m.group(0)
        if text.find(quote, first + 1) >= 0:
            problems.append(f"{ttl}: quote occurs more than once, lengthen it: {quote[:70]!r}")
            return m.group(0)
        return f'oa:exact "{m.group(1)}"{m.group("lang") or ""} ; oa:start {first} ; oa:end {first + len(quote)}'

    new = _BLOCK.sub(repl, src)
    if not problems and new != src:
        tmp = ttl.with_suffix(ttl.suffix + ".tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(ttl)
    return problems
