"""Synthetic corpora in our ontology's shape, for benchmarks and scale tests.

:func:`generate` yields notes (:class:`SynthNote`), each a named graph ``graph:synth-note-N`` with
its own French-like source text, in exactly the patterns of docs/modelling.md: a source document
with publisher and author, actors (armed groups, factions, spokespersons, states, armed forces,
companies, media, institutes, social groups, person groups), places in a shared hierarchy
(countries → regions → towns), events of every type of ``kgt:event-types`` with roles and dates of
mixed precision (day, month, year, intervals, open intervals), claims with hedges and denials,
figures, an assessment, reified statements for every evidence-required relation, and evidence
whose quote is the text at its offsets (``text[start:end] == exact``). Since version 2, as in the
real note: roads, axes and corridors (``kg:links``, ``kg:passesThrough``) with the events on them
(``kg:place``/``kg:targetSite``) and their economic weight (figures ``kg:about`` the road); religious
figures (``kg:basedIn``) with claims about their standing, threats against them (``kg:target``) and
mobilisations to protect them; a figure given twice by two cited sources (``kg:citedSource``,
``kg:cites``, linked by ``kg:conflictsWith``); the publisher's own publisher. Coordinates are not
the notes' facts: :meth:`Generator.gazetteer` gives them as context, ``data/context/gazetteer.ttl``
(named graph ``graph:gazetteer``, with its own provenance), as ``kg gazetteer`` does for the real
project.

Vocabulary comes from the project at run time, not from this file: SKOS concepts (event types,
outcomes, date precision, units, qualifiers, hedge kinds, claim types, gradings) are read from
``ontology/taxonomy.ttl``, and the relations that get a reified statement are those the ontology
marks ``kg:evidenceRequired true``. Classes and properties used must exist in ``ontology/kg.ttl``
(a missing one is an error naming it), so the generator stays in step with the ontology.

Determinism: everything is drawn from :class:`random.Random` instances seeded with strings built
from the seed, and the output is sorted where order could vary: the same seed, target and
ontology give byte-identical files.

Planted violations: ``violations`` resources each break exactly one rule of ontology/shapes.ttl
(one SHACL result each); :class:`SynthNote.planted` and the corpus ``manifest.json`` list them.

:func:`write_corpus` writes a self-contained project folder (``ontology/`` and ``queries/`` copied
from the project, ``data/sources/*.txt``, ``data/triples/synth-note-N/*.ttl``,
``data/context/gazetteer.ttl``, ``corpus.nq`` with every data and context quad, ``manifest.json``),
so ``KG_ROOT=FOLDER kg build`` / ``kg validate`` work on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from .errors import KgError
from .loading import Project, find_project
from .namespaces import PREFIXES

__all__ = ["GENERATOR_VERSION", "Vocabulary", "SynthNote", "SynthContext", "Generator", "generate", "write_corpus",
           "parse_size", "VIOLATION_KINDS", "AVG_NOTE_TRIPLES"]

GENERATOR_VERSION = "2"
#: Measured mean number of quads per note (used to size the shared pools and spread violations).
AVG_NOTE_TRIPLES = 690

P = {k: v for k, v in PREFIXES.items()}
RDF = P["rdf"]
XSD = P["xsd"]
KG, KGT = P["kg"], P["kgt"]


def _nn(prefix: str, local: str, _cache: dict = {}) -> ox.NamedNode:  # noqa: B006 - a deliberate cache
    key = (prefix, local)
    node = _cache.get(key)
    if node is None:
        node = _cache[key] = ox.NamedNode(P[prefix] + local)
    return node


A = ox.NamedNode(RDF + "type")
XSD_INTEGER = ox.NamedNode(XSD + "integer")
XSD_DECIMAL = ox.NamedNode(XSD + "decimal")
XSD_DATE = ox.NamedNode(XSD + "date")
XSD_GYEAR = ox.NamedNode(XSD + "gYear")
XSD_GYEARMONTH = ox.NamedNode(XSD + "gYearMonth")


def kg(local: str) -> ox.NamedNode:
    return _nn("kg", local)


def en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def fr(text: str) -> ox.Literal:
    return ox.Literal(text, language="fr")


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD_INTEGER)


def parse_size(text: str) -> int:
    """``10k`` → 10000, ``1m`` → 1000000, ``2500`` → 2500."""
    t = text.strip().lower().replace("_", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    try:
        value = int(float(t) * mult)
    except ValueError:
        raise KgError(f"bad size {text!r}: write a number of triples such as 10k, 100k, 1m") from None
    if value <= 0:
        raise KgError(f"bad size {text!r}: must be positive")
    return value


# ----------------------------------------------------------------------------- vocabulary

#: Classes and properties every synthetic note uses; the ontology must declare them.
REQUIRED_CLASSES = ("SourceDocument", "Evidence", "ArmedGroup", "Faction", "Person", "State", "StateArmedForce",
                    "Company", "MediaOrganisation", "ResearchInstitute", "PersonGroup", "SocialGroup", "Country",
                    "AdministrativeRegion", "Town", "Event", "Claim", "Figure", "Assessment", "ReligiousFigure",
                    "Road", "Axis", "Corridor")
REQUIRED_PROPERTIES = ("evidence", "textFile", "publisher", "authoredBy", "language", "factionOf", "affiliatedWith",
                       "spokespersonOf", "basedIn", "hasTerritory", "country", "locatedIn", "acronym",
                       "memberCount", "eventType", "time", "dateAsWritten", "place", "perpetrator", "target",
                       "outcome", "datePrecision", "claimType", "claimant", "denies", "about", "proposition",
                       "hedge", "hedgeKind", "unit", "qualifier", "measures", "scope", "period", "statedBy",
                       "assesses", "assessor", "assessedOn", "reason", "sourceReliability",
                       "informationCredibility", "links", "passesThrough", "cites")
#: Participant roles used when the ontology has them (checked at run time).
OPTIONAL_PROPERTIES = ("victim", "announcer", "denier", "supporter", "mediator", "affectedActor", "targetSite",
                       "participant", "carriesOut", "respondsTo", "partOfEvent", "conflictsWith", "forceOf",
                       "likelihood", "citedSource", "dateResolution", "characterisation", "borders")
SCHEMES = ("event-types", "outcomes", "date-precision", "claim-types", "units", "qualifiers", "hedge-kinds",
           "admiralty-reliability", "admiralty-credibility", "likelihood")

_VOCAB_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?c ?s ?en ?fr WHERE {
  ?c a skos:Concept .
  { ?c skos:inScheme ?s } UNION { ?c skos:topConceptOf ?s }
  OPTIONAL { ?c skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?c skos:prefLabel ?fr FILTER(LANG(?fr) = "fr") }
}"""


@dataclass
class Vocabulary:
    """What the generator takes from the ontology and the taxonomy."""

    concepts: dict[str, list[str]]          # scheme local name → concept IRIs, sorted
    labels: dict[str, tuple[str, str]]      # concept IRI → (English, French) preferred label
    classes: set[str]
    properties: set[str]
    evidence_required: set[str]
    fingerprint: str = ""

    @classmethod
    def from_project(cls, project: Project) -> "Vocabulary":
        store = ox.Store()
        digest = hashlib.sha256()
        for path in project.ontology_files:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise KgError(f"{project.rel(path)}: cannot read: {exc.strerror or exc}") from None
            digest.update(data)
            try:
                store.load(data, format=ox.RdfFormat.TURTLE, base_iri=Path(path).resolve().as_uri())
            except SyntaxError as exc:
                raise KgError(f"{project.rel(path)}: cannot parse: {str(exc).splitlines()[0]}") from None
        concepts: dict[str, set[str]] = {}
        labels: dict[str, tuple[str, str]] = {}
        for sol in store.query(_VOCAB_QUERY):
            c, s = sol["c"], sol["s"]
            if not (isinstance(c, ox.NamedNode) and isinstance(s, ox.NamedNode) and s.value.startswith(KGT)):
                continue
            concepts.setdefault(s.value[len(KGT):], set()).add(c.value)
            local = c.value.rsplit("/", 1)[-1]
            e = sol["en"].value if sol["en"] is not None else local.replace("-", " ")
            f = sol["fr"].value if sol["fr"] is not None else e
            old = labels.get(c.value)
            labels[c.value] = (e, f) if old is None else (min(old[0], e), min(old[1], f))
        owl = "http://www.w3.org/2002/07/owl#"
        rdfs = "http://www.w3.org/2000/01/rdf-schema#"
        classes = {q.subject.value for t in (owl + "Class", rdfs + "Class")
                   for q in store.quads_for_pattern(None, A, ox.NamedNode(t)) if isinstance(q.subject, ox.NamedNode)}
        props = {q.subject.value for t in (owl + "ObjectProperty", owl + "DatatypeProperty", owl + "AnnotationProperty",
                                           RDF + "Property", owl + "TransitiveProperty", owl + "SymmetricProperty")
                 for q in store.quads_for_pattern(None, A, ox.NamedNode(t)) if isinstance(q.subject, ox.NamedNode)}
        required = {q.subject.value for q in store.quads_for_pattern(None, kg("evidenceRequired"), None)
                    if isinstance(q.object, ox.Literal) and q.object.value in ("true", "1")}
        vocab = cls({k: sorted(v) for k, v in concepts.items()}, labels, classes, props, required, digest.hexdigest()[:16])
        vocab.check()
        return vocab

    def check(self) -> None:
        missing = [f"kg:{c}" for c in REQUIRED_CLASSES if KG + c not in self.classes]
        missing += [f"kg:{p}" for p in REQUIRED_PROPERTIES if KG + p not in self.properties]
        for scheme in ("event-types", "date-precision", "claim-types", "units", "admiralty-reliability",
                       "admiralty-credibility"):
            if not self.concepts.get(scheme):
                missing.append(f"concepts of kgt:{scheme}")
        for prec in ("day", "month", "year", "interval"):
            if KGT + f"precision-{prec}" not in self.concepts.get("date-precision", []):
                missing.append(f"kgt:precision-{prec} in kgt:date-precision")
        if missing:
            raise KgError("the synthetic corpus needs these in ontology/kg.ttl or ontology/taxonomy.ttl: "
                          + ", ".join(missing))

    def has(self, prop: str) -> bool:
        return KG + prop in self.properties

    def scheme(self, name: str) -> list[str]:
        return self.concepts.get(name, [])

    def concept(self, scheme: str, local: str) -> str | None:
        iri = KGT + local
        return iri if iri in self.concepts.get(scheme, []) else None


# ----------------------------------------------------------------------------- names and words

_SYLLABLES = ("ka", "dou", "ba", "ma", "si", "ko", "ra", "tou", "ni", "dia", "fa", "lé", "bou", "sé", "gou",
              "mé", "ta", "na", "ya", "wa", "kou", "sa", "djé", "mo", "fi", "lo", "dé", "gui", "bé", "ké", "so")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
NUMBERS_FR = {2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit", 9: "neuf",
              10: "dix", 11: "onze", 12: "douze", 15: "quinze", 20: "vingt"}
HEDGES = {"hedge-appearance": "semble", "hedge-conditional": "aurait", "hedge-possibility": "pourrait",
          "hedge-reported": "selon certaines sources", "hedge-uncertain-identity": "présumés",
          "hedge-approximation": "environ"}
#: Event types (by local name) that happen on a road when the note has one, and those that target it.
ROAD_EVENT_KEYS = ("blockade", "vehicles", "sabotage", "kidnapping", "extortion", "restriction")
ROAD_TARGET_KEYS = ("vehicles", "sabotage")
FILLER = (
    "La situation sécuritaire demeure préoccupante dans l’ensemble de la zone.",
    "Les populations locales expriment une lassitude croissante face à l’insécurité.",
    "Plusieurs observateurs soulignent la fragilité des équilibres communautaires.",
    "Les axes routiers restent exposés aux embuscades et aux engins explosifs.",
    "Les échanges commerciaux transfrontaliers ont fortement ralenti ces derniers mois.",
    "Dans ce contexte, la coopération régionale apparaît plus nécessaire que jamais.",
    "Les autorités locales peinent à maintenir les services de base.",
    "Le prix des denrées de première nécessité a sensiblement augmenté sur les marchés.",
)


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _fr_date(d: dt.date) -> str:
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS_FR[d.month - 1]} {d.year}"


def _en_date(d: dt.date) -> str:
    return d.strftime("%d %B %Y").lstrip("0")


# ----------------------------------------------------------------------------- the world (shared pools)

@dataclass
class Entity:
    iri: ox.NamedNode
    cls: str
    name: str                         # as the text writes it
    label_en: str
    label_fr: str
    extra: dict = field(default_factory=dict)


class World:
    """Resources shared between notes: places in a hierarchy and recurring actors."""

    def __init__(self, seed: int, est_notes: int) -> None:
        rng = random.Random(f"synth/{seed}/world")
        used: set[str] = set()

        def fresh(syl: int) -> str:
            # names of ``syl`` syllables run out at large sizes (31² two-syllable names): after
            # repeated collisions, one more syllable
            attempts = 0
            while True:
                n = _name(rng, syl + attempts // 50)
                attempts += 1
                if n not in used:
                    used.add(n)
                    return n

        self.countries: list[Entity] = []
        self.regions: list[Entity] = []
        self.towns: list[Entity] = []
        for c in range(6):
            name = fresh(3)
            self.countries.append(Entity(_nn("place", f"synth-country-{c + 1}"), "Country", name, name, name))
        for c, country in enumerate(self.countries):
            for r in range(5):
                name = fresh(2)
                self.regions.append(Entity(_nn("place", f"synth-region-{c + 1}-{r + 1}"), "AdministrativeRegion",
                                           name, f"{name} region", f"région de {name}", {"in": country}))
        n_towns = max(30, est_notes // 2)
        for t in range(n_towns):
            name = fresh(rng.choice((2, 3)))
            region = self.regions[rng.randrange(len(self.regions))]
            self.towns.append(Entity(_nn("place", f"synth-town-{t + 1}"), "Town", name, name, name, {"in": region}))
        self.states = [Entity(_nn("actor", f"synth-state-{i + 1}"), "State", c.name, c.name, c.name,
                              {"territory": c}) for i, c in enumerate(self.countries)]
        self.forces = [Entity(_nn("actor", f"synth-forces-{i + 1}"), "StateArmedForce", f"Forces armées {s.name}",
                              f"{s.name} Armed Forces", f"Forces armées de {s.name}", {"state": s})
                       for i, s in enumerate(self.states)]
        self.groups: list[Entity] = []
        self.factions: list[Entity] = []
        self.spokespersons: list[Entity] = []
        for g in range(max(5, est_notes // 10)):
            name = fresh(3)
            acronym = "".join(w[0] for w in (name, fresh(2), fresh(2))).upper() + str(g + 1)
            group = Entity(_nn("actor", f"synth-group-{g + 1}"), "ArmedGroup", f"{name} ({acronym})",
                           f"{name} armed group ({acronym})", f"groupe armé {name} ({acronym})",
                           {"acronym": acronym, "alt": f"Jama’at {name}"})
            self.groups.append(group)
            for f in range(2):
                fname = "Katiba " + fresh(2)
                self.factions.append(Entity(_nn("actor", f"synth-faction-{g + 1}-{f + 1}"), "Faction", fname,
                                            fname, fname, {"group": group}))
            pname = f"{fresh(2)} {fresh(3)}"
            self.spokespersons.append(Entity(_nn("actor", f"synth-person-{g + 1}"), "Person", pname, pname, pname,
                                             {"group": group}))
        for g, group in enumerate(self.groups):
            if g % 3 == 1:
                group.extra["affiliated"] = self.groups[(g + 1) % len(self.groups)]
        self.companies = []
        for c in range(max(5, est_notes // 8)):
            name = fresh(2) + " " + rng.choice(("Transport", "Ciment", "Mines", "BTP", "Logistique"))
            self.companies.append(Entity(_nn("actor", f"synth-company-{c + 1}"), "Company", name, name, name,
                                         {"town": self.towns[rng.randrange(len(self.towns))]}))
        self.media = [Entity(_nn("actor", f"synth-media-{i + 1}"), "MediaOrganisation", n, n, n)
                      for i, n in enumerate(f"{fresh(2)} Times" for _ in range(4))]
        self.institutes = [Entity(_nn("actor", f"synth-institute-{i + 1}"), "ResearchInstitute", n, n, n)
                           for i, n in enumerate(f"Institut {fresh(3)}" for _ in range(4))]
        social = (("farmers", "agriculteurs", "Farmers"), ("herders", "éleveurs", "Herders"),
                  ("traders", "commerçants", "Traders"), ("truck-drivers", "routiers", "Truck drivers"),
                  ("village-chiefs", "chefs de village", "Village chiefs"),
                  ("displaced-people", "déplacés internes", "Internally displaced people"))
        self.social = [Entity(_nn("actor", f"synth-{slug}"), "SocialGroup", f_, e_, f_) for slug, f_, e_ in social]
        self.editors = Entity(_nn("actor", "synth-editors"), "ResearchInstitute", "", "Synthetic corpus editors",
                              "Éditeurs du corpus synthétique")

        # --- since generator version 2; drawn after the pools above, which keep their names
        # publishers of the media (the note's "publisher of the publisher")
        for i, m in enumerate(self.media):
            n = f"{fresh(2)} Media Group"
            m.extra["group"] = Entity(_nn("actor", f"synth-media-group-{i + 1}"), "MediaOrganisation", n, n, n)
        # organisations a note cites for a figure (kg:citedSource, kg:cites)
        self.cited = [Entity(_nn("actor", f"synth-cited-{i + 1}"), "ResearchInstitute", f"Centre d’études {n}",
                             f"{n} Centre for Studies", f"Centre d’études {n}") for i, n in
                      enumerate(fresh(3) for _ in range(5))]
        # religious figures, each based in a town
        titles = (("Chérif", "Chérif"), ("Cheikh", "Sheikh"), ("Imam", "Imam"), ("Thierno", "Thierno"))
        self.religious: list[Entity] = []
        for i in range(max(4, est_notes // 12)):
            t_fr, t_en = titles[rng.randrange(len(titles))]
            pname = f"{fresh(2)} {fresh(3)}"
            base = self.towns[rng.randrange(len(self.towns))]
            self.religious.append(Entity(_nn("actor", f"synth-religious-figure-{i + 1}"), "ReligiousFigure",
                                         f"{t_fr} {pname}", f"{t_en} {pname}", f"{t_fr} {pname}",
                                         {"base": base, "alt": f"{t_fr} de {base.name}"}))
        self.internet_users = Entity(_nn("actor", "synth-internet-users"), "SocialGroup", "internautes",
                                     "Internet users", "Internautes")
        # roads, axes and corridors between towns of one country (kg:links both ends, kg:passesThrough one)
        by_country: dict[str, list[Entity]] = {}
        for t in self.towns:
            by_country.setdefault(t.extra["in"].extra["in"].iri.value, []).append(t)
        self.roads: list[Entity] = []
        self.roads_by_town: dict[str, list[Entity]] = {}
        for i in range(max(6, len(self.towns) // 3)):
            country = self.countries[rng.randrange(len(self.countries))]
            pool = by_country.get(country.iri.value, [])
            if len(pool) < 2:
                continue
            a, b = rng.sample(pool, 2)
            via = [t for t in pool if t is not a and t is not b]
            c = via[rng.randrange(len(via))] if via and rng.random() < 0.5 else None
            kind = rng.random()
            ends = {"ends": (a, b), "via": c, "country": country, "towns": [t for t in (a, b, c) if t is not None]}
            if kind < 0.4:
                k = i + 1
                road = Entity(_nn("place", f"synth-road-{k}"), "Road", f"RN{k}", f"National Road {k} (RN{k})",
                              f"Route nationale {k} (RN{k})", dict(ends, ref_fr=f"la RN{k}", ref_en=f"RN{k}",
                                                                    alt=f"RN{k}"))
            elif kind < 0.85:
                road = Entity(_nn("place", f"synth-axis-{i + 1}"), "Axis", f"axe {a.name}–{b.name}",
                              f"{a.name}–{b.name} axis", f"Axe {a.name}–{b.name}",
                              dict(ends, ref_fr=f"l’axe {a.name}–{b.name}", ref_en=f"{a.name}–{b.name} axis"))
            else:
                road = Entity(_nn("place", f"synth-corridor-{i + 1}"), "Corridor", f"corridor {a.name}–{b.name}",
                              f"{a.name}–{b.name} corridor", f"Corridor {a.name}–{b.name}",
                              dict(ends, ref_fr=f"le corridor {a.name}–{b.name}", ref_en=f"{a.name}–{b.name} corridor"))
            self.roads.append(road)
            for t in road.extra["towns"]:
                self.roads_by_town.setdefault(t.iri.value, []).append(road)
        # gazetteer entries (coordinates), from a generator of their own: ~40% of the towns, as the
        # real gazetteer matches only some of the note's places
        grng = random.Random(f"synth/{seed}/gazetteer")
        for c, country in enumerate(self.countries):
            country.extra["centre"] = (-15.0 + 3.2 * c + grng.uniform(-0.8, 0.8), 13.5 + grng.uniform(-2.0, 3.0))
            country.extra["gid"] = 9_100_001 + c
        for region in self.regions:
            lon, lat = region.extra["in"].extra["centre"]
            region.extra["centre"] = (lon + grng.uniform(-1.2, 1.2), lat + grng.uniform(-1.2, 1.2))
        for t, town in enumerate(self.towns):
            lon, lat = town.extra["in"].extra["centre"]
            lon, lat = round(lon + grng.uniform(-0.6, 0.6), 5), round(lat + grng.uniform(-0.6, 0.6), 5)
            if grng.random() < 0.4:
                town.extra["geo"] = (lon, lat, 9_000_001 + t, grng.random() < 0.6)

    def gazetteer_budget(self) -> int:
        """Upper bound of the gazetteer's triples (every town with coordinates mentioned)."""
        per_town = sum(7 + t.extra["geo"][3] for t in self.towns if "geo" in t.extra)
        return per_town + len(self.countries) + 7


# ----------------------------------------------------------------------------- one note

class Text:
    """The note's text, built sentence by sentence; offsets are code points (Python ``str`` indices)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        return start, self.length

    def sentence(self, s: str) -> tuple[int, int]:
        span = self.add(s)
        self.add(" ")
        return span

    def paragraph(self) -> None:
        if self.parts and self.parts[-1] == " ":
            self.parts[-1] = "\n\n"
            self.length += 1
        else:
            self.add("\n\n")

    def value(self) -> str:
        return "".join(self.parts).rstrip() + "\n"


FILES = ("sources.ttl", "actors.ttl", "places.ttl", "events.ttl", "claims.ttl", "figures.ttl",
         "assessments.ttl", "evidence.ttl")


@dataclass
class SynthNote:
    """One synthetic note: its text, its triples per file and the violations planted in it."""

    index: int
    name: str
    text: str
    files: dict[str, list[ox.Triple]]
    planted: list[dict] = field(default_factory=list)
    resources: dict[str, list[ox.NamedNode]] = field(default_factory=dict)
    mentioned: set[str] = field(default_factory=set)   # IRIs of the shared resources the note describes

    @property
    def graph(self) -> ox.NamedNode:
        return _nn("graph", self.name)

    @property
    def triples(self) -> int:
        return sum(len(ts) for ts in self.files.values())

    def turtle(self) -> dict[str, bytes]:
        """Each file's Turtle (prefixes of docs/modelling.md)."""
        out = {}
        for fname in FILES:
            triples = self.files.get(fname)
            if triples:
                head = f"# {fname[:-4]} of the synthetic note {self.name} (kg.synth {GENERATOR_VERSION}).\n".encode()
                out[fname] = head + ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=P)
        return out

    def quads(self) -> Iterator[ox.Quad]:
        g = self.graph
        for fname in FILES:
            for t in self.files.get(fname, ()):
                yield ox.Quad(t.subject, t.predicate, t.object, g)

    def nquads(self) -> bytes:
        return ox.serialize(self.quads(), format=ox.RdfFormat.N_QUADS)


@dataclass
class SynthContext:
    """A context file (``data/context/<name>.ttl``, named graph ``graph:<name>``), such as the gazetteer."""

    name: str
    files: dict[str, list[ox.Triple]]

    @property
    def graph(self) -> ox.NamedNode:
        return _nn("graph", self.name)

    @property
    def triples(self) -> int:
        return sum(len(ts) for ts in self.files.values())

    def turtle(self) -> dict[str, bytes]:
        head = (f"# Generated by kg.synth {GENERATOR_VERSION}: synthetic coordinates in the shape of `kg gazetteer`'s output.\n"
                f"# Context from outside the notes, with its own provenance (named graph graph:{self.name}).\n").encode()
        return {fname: head + ox.serialize(ts, format=ox.RdfFormat.TURTLE, prefixes=P)
                for fname, ts in self.files.items() if ts}

    def quads(self) -> Iterator[ox.Quad]:
        g = self.graph
        for ts in self.files.values():
            for t in ts:
                yield ox.Quad(t.subject, t.predicate, t.object, g)

    def nquads(self) -> bytes:
        return ox.serialize(self.quads(), format=ox.RdfFormat.N_QUADS)


class NoteBuilder:
    def __init__(self, gen: "Generator", index: int) -> None:
        self.gen = gen
        self.vocab = gen.vocab
        self.world = gen.world
        self.index = index
        self.name = f"synth-note-{index:05d}"
        self.tag = f"synth-n{index}"
        self.rng = random.Random(f"synth/{gen.seed}/note/{index}")
        # draws for what generator version 2 added (roads, religious figures, cited figures), apart
        # so that the rest of the note keeps the draws of version 1
        self.rng2 = random.Random(f"synth/{gen.seed}/note/{index}/v2")
        self.road: Entity | None = None
        self.religious: Entity | None = None
        self.mobilisation: ox.NamedNode | None = None
        self.text = Text()
        self.files: dict[str, list[ox.Triple]] = {f: [] for f in FILES}
        self.seen: set[ox.Triple] = set()
        self.source = _nn("source", self.name)
        self.n_evidence = 0
        self.n_stmt = 0
        self.mentioned: set[str] = set()
        self.resources: dict[str, list[ox.NamedNode]] = {}
        self.date = dt.date(2020, 1, 1) + dt.timedelta(days=self.rng.randrange(6 * 365))

    # -- triples
    def add(self, fname: str, s, p, o) -> None:
        t = ox.Triple(s, p, o)
        if t not in self.seen:
            self.seen.add(t)
            self.files[fname].append(t)

    def keep(self, kind: str, iri: ox.NamedNode) -> None:
        self.resources.setdefault(kind, []).append(iri)

    def evidence(self, span: tuple[int, int], quote: str) -> ox.NamedNode:
        self.n_evidence += 1
        ev = _nn("evidence", f"{self.tag}-q{self.n_evidence}")
        f = "evidence.ttl"
        self.add(f, ev, A, kg("Evidence"))
        self.add(f, ev, _nn("oa", "hasSource"), self.source)
        self.add(f, ev, _nn("oa", "exact"), ox.Literal(quote))
        self.add(f, ev, _nn("oa", "start"), integer(span[0]))
        self.add(f, ev, _nn("oa", "end"), integer(span[1]))
        self.keep("evidence", ev)
        return ev

    def say(self, sentence: str) -> ox.NamedNode:
        """Write a sentence into the text and return the evidence node quoting it."""
        return self.evidence(self.text.sentence(sentence), sentence)

    def relation(self, fname: str, s: ox.NamedNode, prop: str, o: ox.NamedNode, ev: ox.NamedNode,
                 *more: ox.NamedNode) -> None:
        """Direct triple, plus the reified statement if the ontology marks the property kg:evidenceRequired.

        ``more`` are further quotes (both sides of a kg:conflictsWith); such a statement is not a
        candidate for the "statement without evidence" violation (dropping one quote breaks no rule).
        """
        p = kg(prop)
        self.add(fname, s, p, o)
        if p.value in self.vocab.evidence_required:
            self.n_stmt += 1
            st = _nn("stmt", f"{self.tag}-s{self.n_stmt}")
            self.add(fname, st, A, _nn("rdf", "Statement"))
            self.add(fname, st, _nn("rdf", "subject"), s)
            self.add(fname, st, _nn("rdf", "predicate"), p)
            self.add(fname, st, _nn("rdf", "object"), o)
            for e in (ev, *more):
                self.add(fname, st, kg("evidence"), e)
            if not more:
                self.keep("statement", st)

    def describe(self, fname: str, e: Entity, ev: ox.NamedNode) -> None:
        """Type, labels and names of a (possibly shared) resource, with this note's evidence."""
        self.add(fname, e.iri, A, kg(e.cls))
        self.add(fname, e.iri, _nn("rdfs", "label"), en(e.label_en))
        self.add(fname, e.iri, _nn("rdfs", "label"), fr(e.label_fr))
        if e.name:
            self.add(fname, e.iri, _nn("schema", "name"), ox.Literal(e.name))
        self.add(fname, e.iri, kg("evidence"), ev)

    # -- places
    def mention_town(self, town: Entity) -> None:
        region, country = town.extra["in"], town.extra["in"].extra["in"]
        ev = self.say(self.rng.choice((
            f"{town.name} se trouve dans la {region.label_fr}, au {country.name}.",
            f"La localité de {town.name}, dans la {region.label_fr} ({country.name}), est au cœur des tensions.",
            f"À {town.name}, chef-lieu de cercle de la {region.label_fr}, au {country.name}, la situation s’est dégradée.",
        )))
        for e in (town, region, country):
            if e.iri.value not in self.mentioned:
                self.mentioned.add(e.iri.value)
                self.describe("places.ttl", e, ev)
                self.keep("place", e.iri)
        self.relation("places.ttl", town.iri, "locatedIn", region.iri, ev)
        self.relation("places.ttl", region.iri, "locatedIn", country.iri, ev)

    # -- actors
    def mention_actor(self, e: Entity, sentence: str) -> ox.NamedNode:
        ev = self.say(sentence)
        self.describe("actors.ttl", e, ev)
        self.mentioned.add(e.iri.value)
        return ev

    def build(self) -> SynthNote:
        rng, w, v = self.rng, self.world, self.vocab
        media = w.media[rng.randrange(len(w.media))]
        author = w.institutes[rng.randrange(len(w.institutes))]
        towns = rng.sample(w.towns, rng.randint(2, 4))
        groups = rng.sample(w.groups, min(len(w.groups), rng.randint(1, 2)))
        country = towns[0].extra["in"].extra["in"]
        state = w.states[w.countries.index(country)]
        force = w.forces[w.countries.index(country)]
        companies = rng.sample(w.companies, rng.randint(1, 2))

        # --- source: masthead, date, title
        date_span = self.text.add(f"{_fr_date(self.date)} — ")
        ev_date = self.evidence((date_span[0], date_span[1] - 3), _fr_date(self.date))
        group = media.extra["group"]
        head = f"SITE WEB\u00a0: {media.name}, quotidien d’information générale édité par {group.name}."
        ev_media = self.say(head)
        title = f"NOTE D’ANALYSE N°{self.index}\u00a0: {groups[0].name} et l’insécurité à {towns[0].name}"
        ev_title = self.say(title)
        self.text.paragraph()
        ev_author = self.say(f"Dans cette note, l’{author.name} revient sur la présence de {groups[0].name} "
                             f"dans la {towns[0].extra['in'].label_fr}.")
        f = "sources.ttl"
        src = self.source
        self.add(f, src, A, kg("SourceDocument"))
        self.add(f, src, _nn("rdfs", "label"), en(f"Synthetic note {self.index}: {groups[0].label_en} in {towns[0].name}"))
        self.add(f, src, _nn("rdfs", "label"), fr(f"Note synthétique {self.index} : {groups[0].label_fr} à {towns[0].name}"))
        self.add(f, src, _nn("dcterms", "title"), fr(title))
        self.add(f, src, _nn("dcterms", "date"), ox.Literal(self.date.isoformat(), datatype=XSD_DATE))
        self.add(f, src, kg("textFile"), ox.Literal(f"data/sources/{self.name}.txt"))
        self.add(f, src, kg("language"), ox.Literal("fr"))
        self.add(f, src, kg("evidence"), ev_title)
        self.add(f, src, kg("evidence"), ev_date)
        self.relation(f, src, "publisher", media.iri, ev_media)
        self.relation(f, src, "authoredBy", author.iri, ev_author)
        self.describe("actors.ttl", media, ev_media)
        self.describe("actors.ttl", group, ev_media)
        self.relation(f, media.iri, "publisher", group.iri, ev_media)
        self.describe("actors.ttl", author, ev_author)

        # --- places
        self.text.paragraph()
        for town in towns:
            self.mention_town(town)
        self.pick_road(towns)

        # --- actors
        self.text.paragraph()
        for g in groups:
            ev = self.mention_actor(g, f"Le {g.label_fr}, aussi appelé {g.extra['alt']}, est actif dans la zone.")
            self.add("actors.ttl", g.iri, kg("acronym"), ox.Literal(g.extra["acronym"]))
            self.add("actors.ttl", g.iri, _nn("skos", "altLabel"), ox.Literal(g.extra["alt"]))
            if "affiliated" in g.extra:
                other = g.extra["affiliated"]
                ev2 = self.mention_actor(other, f"Le {g.extra['acronym']} est affilié au {other.label_fr}.")
                self.add("actors.ttl", other.iri, kg("acronym"), ox.Literal(other.extra["acronym"]))
                self.relation("actors.ttl", g.iri, "affiliatedWith", other.iri, ev2)
            gi = w.groups.index(g)
            for fac in w.factions[2 * gi: 2 * gi + 2]:
                if rng.random() < 0.6:
                    ev3 = self.mention_actor(fac, f"La {fac.name} est une faction du {g.extra['acronym']}.")
                    self.relation("actors.ttl", fac.iri, "factionOf", g.iri, ev3)
            if rng.random() < 0.5:
                sp = w.spokespersons[gi]
                ev4 = self.mention_actor(sp, f"{sp.name}, porte-parole du {g.extra['acronym']}, s’est exprimé dans un message audio.")
                self.relation("actors.ttl", sp.iri, "spokespersonOf", g.iri, ev4)
        ev_state = self.mention_actor(state, f"L’État {'du' if rng.random() < 0.5 else 'de'} {state.name} "
                                             f"peine à contrôler son territoire.")
        self.relation("actors.ttl", state.iri, "hasTerritory", country.iri, ev_state)
        ev_force = self.mention_actor(force, f"Les {force.label_fr} ont renforcé leur dispositif.")
        if v.has("forceOf"):
            self.relation("actors.ttl", force.iri, "forceOf", state.iri, ev_force)
        self.relation("actors.ttl", force.iri, "country", state.iri, ev_force)
        for c in companies:
            town = c.extra["town"]
            ev = self.mention_actor(c, f"La société {c.name}, basée à {town.name}, poursuit ses activités malgré les menaces.")
            if town.iri.value not in self.mentioned:
                self.mention_town(town)
            self.relation("actors.ttl", c.iri, "basedIn", town.iri, ev)
        social = w.social[rng.randrange(len(w.social))]
        self.mention_actor(social, f"Les {social.label_fr} de la zone subissent les conséquences du conflit.")
        n = rng.choice(sorted(NUMBERS_FR))
        pg = Entity(_nn("actor", f"{self.tag}-civilians"), "PersonGroup", f"{NUMBERS_FR[n]} civils",
                    f"{n} civilians", f"{NUMBERS_FR[n]} civils")
        ev_pg = self.mention_actor(pg, f"{NUMBERS_FR[n].capitalize()} civils ont été pris à partie lors des violences.")
        self.add("actors.ttl", pg.iri, kg("memberCount"), integer(n))
        self.keep("person-group", pg.iri)
        self.religious_figure()

        # --- events
        self.text.paragraph()
        events = self.events(groups, force, state, companies, towns, social, pg)
        events += self.religious_events(groups)

        # --- claims
        self.text.paragraph()
        self.claims(groups, force, state, author, towns, events)
        self.religious_claims(groups, author)

        # --- figures
        self.text.paragraph()
        self.figures(author, companies, towns, country)
        self.road_figures(author)
        self.conflicting_figures(author, towns)

        # --- assessment
        self.assessment()

        for _ in range(rng.randint(1, 3)):
            self.text.sentence(rng.choice(FILLER))
        return SynthNote(self.index, self.name, self.text.value(), self.files, [], self.resources, self.mentioned)

    # -- dates
    def date_node(self, rng: random.Random) -> tuple[ox.NamedNode, str, str]:
        """(date node, French words as the note writes them, English words); node triples go to events.ttl."""
        f = "events.ttl"
        d = self.date - dt.timedelta(days=rng.randrange(1, 400))
        kind = rng.random()
        if kind < 0.45:
            return self.instant(d, "day"), f"le {_fr_date(d)}", _en_date(d)
        if kind < 0.65:
            return self.instant(d, "month"), f"en {MONTHS_FR[d.month - 1]} {d.year}", d.strftime("%B %Y")
        if kind < 0.75:
            return self.instant(d, "year"), f"en {d.year}", str(d.year)
        end = d + dt.timedelta(days=rng.randint(1, 20))
        if kind < 0.92:
            node = _nn("date", f"{d.isoformat()}--{end.isoformat()}")
            self.add(f, node, _nn("time", "hasBeginning"), self.instant(d, "day"))
            words, words_en = f"du {_fr_date(d)} au {_fr_date(end)}", f"{_en_date(d)} to {_en_date(end)}"
        else:
            node = _nn("date", f"until-{end.isoformat()}")
            words, words_en = f"jusqu’au {_fr_date(end)}", f"until {_en_date(end)}"
        self.add(f, node, A, _nn("time", "ProperInterval"))
        self.add(f, node, _nn("time", "hasEnd"), self.instant(end, "day"))
        self.add(f, node, kg("datePrecision"), _nn("kgt", "precision-interval"))
        return node, words, words_en

    def instant(self, d: dt.date, precision: str) -> ox.NamedNode:
        f = "events.ttl"
        if precision == "day":
            node, prop, lit = _nn("date", d.isoformat()), "inXSDDate", ox.Literal(d.isoformat(), datatype=XSD_DATE)
        elif precision == "month":
            ym = f"{d.year:04d}-{d.month:02d}"
            node, prop, lit = _nn("date", ym), "inXSDgYearMonth", ox.Literal(ym, datatype=XSD_GYEARMONTH)
        else:
            node, prop, lit = _nn("date", str(d.year)), "inXSDgYear", ox.Literal(str(d.year), datatype=XSD_GYEAR)
        self.add(f, node, A, _nn("time", "Instant"))
        self.add(f, node, _nn("time", prop), lit)
        self.add(f, node, kg("datePrecision"), _nn("kgt", f"precision-{precision}"))
        return node

    # -- events
    def events(self, groups, force, state, companies, towns, social, pg) -> list[ox.NamedNode]:
        rng, v, w = self.rng, self.vocab, self.world
        types = v.scheme("event-types")
        outcomes = v.scheme("outcomes")
        f = "events.ttl"
        made: list[tuple[ox.NamedNode, str]] = []
        for j in range(rng.randint(4, 9)):
            etype = types[self.gen.next_event_type() % len(types)]
            local = etype.rsplit("/", 1)[-1]
            label_en, label_fr = v.labels[etype]
            e = _nn("event", f"{self.tag}-e{j + 1}")
            town = towns[rng.randrange(len(towns))]
            road = None
            if self.road is not None and any(k in local for k in ROAD_EVENT_KEYS) and self.rng2.random() < 0.8:
                road = self.road
                on_road = road.extra["towns"]
                town = on_road[self.rng2.randrange(len(on_road))]
            group = groups[rng.randrange(len(groups))]
            when, words, words_en = self.date_node(rng)
            roles: list[tuple[str, ox.NamedNode]] = []
            if any(k in local for k in ("attack", "sabotage", "arson", "kidnapping", "capture", "extortion",
                                        "blockade", "curfew", "imposition", "restriction", "military-losses")):
                roles.append(("perpetrator", group.iri))
                target = force if rng.random() < 0.6 else companies[0]
                roles.append(("target", target.iri))
                if rng.random() < 0.4 and v.has("victim"):
                    roles.append(("victim", pg.iri))
                if rng.random() < 0.3 and v.has("targetSite"):
                    roles.append(("targetSite", town.iri))
                actors_fr = f"le {group.extra['acronym']} a visé {'les ' + force.label_fr if target is force else 'la société ' + target.name}"
            elif any(k in local for k in ("announcement", "threat", "communique", "message", "statement", "appeal",
                                          "mobilisation")):
                roles.append(("announcer" if v.has("announcer") else "perpetrator", group.iri))
                actors_fr = f"le {group.extra['acronym']} a diffusé un message"
            elif local == "denial":
                roles.append(("denier" if v.has("denier") else "participant", force.iri))
                actors_fr = f"les {force.label_fr} ont démenti les faits"
            elif any(k in local for k in ("mediation", "release")):
                roles.append(("mediator" if v.has("mediator") else "participant", w.social[4].iri))
                self.describe("actors.ttl", w.social[4], self.say(f"Les {w.social[4].label_fr} jouent un rôle de médiation."))
                actors_fr = f"les {w.social[4].label_fr} sont intervenus"
            elif any(k in local for k in ("displacement", "flight")):
                roles.append(("affectedActor" if v.has("affectedActor") else "participant", social.iri))
                actors_fr = f"les {social.label_fr} ont dû partir"
            elif any(k in local for k in ("deployment", "operation", "establishment")):
                roles.append(("perpetrator", force.iri))
                if v.has("supporter"):
                    roles.append(("supporter", state.iri))
                actors_fr = f"les {force.label_fr} ont mené l’action"
            elif "suspension" in local:
                roles.append(("affectedActor" if v.has("affectedActor") else "participant", companies[0].iri))
                actors_fr = f"la société {companies[0].name} a suspendu ses activités"
            else:
                roles.append(("participant" if v.has("participant") else "perpetrator", social.iri))
                actors_fr = f"les {social.label_fr} sont concernés"
            where = f"à {town.name}, sur {road.extra['ref_fr']}" if road else f"à {town.name}"
            where_en = f"in {town.name} on the {road.extra['ref_en']}" if road else f"in {town.name}"
            sentence = f"{words[0].upper()}{words[1:]}, {where}, {label_fr}\u00a0: {actors_fr}."
            if rng.random() < 0.15:
                hedge_local = "hedge-appearance"
                sentence = f"{words[0].upper()}{words[1:]}, {where}, {label_fr}\u00a0: il semble que {actors_fr}."
            else:
                hedge_local = None
            ev = self.say(sentence)
            self.add(f, e, A, kg("Event"))
            self.add(f, e, _nn("rdfs", "label"), en(f"{label_en.capitalize()} {where_en}, {words_en}"))
            self.add(f, e, _nn("rdfs", "label"), fr(f"{label_fr.capitalize()} {where}, {words}"))
            self.add(f, e, kg("eventType"), ox.NamedNode(etype))
            self.add(f, e, kg("time"), when)
            self.add(f, e, kg("dateAsWritten"), fr(words))
            self.add(f, e, kg("place"), town.iri)
            if road:
                self.add(f, e, kg("place"), road.iri)
                if any(k in local for k in ROAD_TARGET_KEYS) and v.has("targetSite"):
                    self.add(f, e, kg("targetSite"), road.iri)
            for role, who in roles:
                self.add(f, e, kg(role), who)
            if outcomes and rng.random() < 0.35:
                self.add(f, e, kg("outcome"), ox.NamedNode(outcomes[rng.randrange(len(outcomes))]))
            hk = v.concept("hedge-kinds", hedge_local) if hedge_local else None
            if hk:
                self.add(f, e, kg("hedge"), fr("il semble que"))
                self.add(f, e, kg("hedgeKind"), ox.NamedNode(hk))
            self.add(f, e, kg("evidence"), ev)
            if town.iri.value not in self.mentioned:
                self.mention_town(town)
            self.keep("event", e)
            made.append((e, local))
        # event-event relations
        announcements = [e for e, loc in made if "announcement" in loc or "threat" in loc]
        acts = [e for e, loc in made if "attack" in loc or "blockade" in loc or "sabotage" in loc]
        if announcements and acts and v.has("carriesOut"):
            ev = self.say("Ces actions mettent à exécution les menaces proférées auparavant.")
            self.relation(f, acts[0], "carriesOut", announcements[0], ev)
        if len(made) >= 2 and v.has("respondsTo"):
            ev = self.say("Cette réaction fait suite aux événements précédents.")
            self.relation(f, made[-1][0], "respondsTo", made[0][0], ev)
        if len(made) >= 3 and v.has("partOfEvent") and rng.random() < 0.5:
            ev = self.say("Cet épisode s’inscrit dans une offensive plus large.")
            self.relation(f, made[1][0], "partOfEvent", made[2][0], ev)
        return [e for e, _ in made]

    # -- claims
    def claims(self, groups, force, state, author, towns, events) -> None:
        rng, v = self.rng, self.vocab
        types = v.scheme("claim-types")
        f = "claims.ttl"
        assertion = v.concept("claim-types", "assertion") or types[0]
        denial = v.concept("claim-types", "denial")
        hedges = [h for h in v.scheme("hedge-kinds") if h.rsplit("/", 1)[-1] in HEDGES]
        g = groups[0]
        first = None
        for j in range(rng.randint(2, 4)):
            c = _nn("claim", f"{self.tag}-c{j + 1}")
            town = towns[rng.randrange(len(towns))]
            if j == 0:
                ctype, claimant = assertion, g
                prop_en = f"{g.extra['acronym']} controls the roads around {town.name}"
                sentence = f"Le {g.extra['acronym']} affirme contrôler les routes autour de {town.name}."
            elif j == 1 and denial:
                ctype, claimant = denial, force
                prop_en = f"{g.extra['acronym']} does not control the roads around {town.name}"
                sentence = f"Les {force.label_fr} démentent toute perte de contrôle autour de {town.name}, évoquant une « guerre informationnelle »."
            else:
                ctype = types[self.gen.next_claim_type() % len(types)]
                if ctype == denial:
                    ctype = assertion
                claimant = author
                lab_en, lab_fr = v.labels[ctype]
                prop_en = f"the security situation around {town.name} will deteriorate ({lab_en})"
                sentence = f"Pour l’{author.name}, la situation sécuritaire autour de {town.name} risque de se dégrader ({lab_fr})."
            hedge = None
            if hedges and rng.random() < 0.4:
                hk = hedges[rng.randrange(len(hedges))]
                word = HEDGES[hk.rsplit("/", 1)[-1]]
                sentence = sentence[:-1] + f", {word}."
                hedge = (word, hk)
            ev = self.say(sentence)
            self.add(f, c, A, kg("Claim"))
            self.add(f, c, kg("claimType"), ox.NamedNode(ctype))
            self.add(f, c, kg("claimant"), claimant.iri)
            self.add(f, c, kg("about"), town.iri)
            if events and rng.random() < 0.3:
                self.add(f, c, kg("about"), events[rng.randrange(len(events))])
            self.add(f, c, kg("proposition"), en(prop_en[0].upper() + prop_en[1:]))
            if ctype == denial and first is not None:
                self.add(f, c, kg("denies"), first)
                if v.has("characterisation"):
                    self.add(f, c, kg("characterisation"), fr("guerre informationnelle"))
            if hedge:
                self.add(f, c, kg("hedge"), fr(hedge[0]))
                self.add(f, c, kg("hedgeKind"), ox.NamedNode(hedge[1]))
            self.add(f, c, kg("evidence"), ev)
            if claimant.iri.value not in self.mentioned:
                self.describe("actors.ttl", claimant, ev)
                self.mentioned.add(claimant.iri.value)
            first = first or c
            self.keep("claim", c)

    # -- figures
    def figures(self, author, companies, towns, country) -> None:
        rng, v = self.rng, self.vocab
        units = v.scheme("units")
        qualifiers = {q.rsplit("/", 1)[-1]: q for q in v.scheme("qualifiers")}
        f = "figures.ttl"
        for j in range(rng.randint(1, 3)):
            fig = _nn("figure", f"{self.tag}-f{j + 1}")
            unit = units[self.gen.next_unit() % len(units)]
            u_en, u_fr = v.labels[unit]
            town = towns[rng.randrange(len(towns))]
            value = round(rng.uniform(1, 100), 1) if "percent" in unit else float(rng.randint(2, 5000))
            approx = "approximately" in qualifiers and rng.random() < 0.5
            shown = f"{value:.1f}".replace(".", ",")
            year = self.date.year - rng.randint(0, 2)
            sentence = (f"{'Environ' if approx else 'Au total,'} {shown}\u00a0{u_fr} ont été relevés à {town.name} en {year}, "
                        f"d’après l’{author.name}.")
            ev = self.say(sentence)
            self.add(f, fig, A, kg("Figure"))
            self.add(f, fig, _nn("rdfs", "label"), en(f"{town.name}: {value} {u_en} in {year}"))
            self.add(f, fig, _nn("rdfs", "label"), fr(f"{town.name} : {shown} {u_fr} en {year}"))
            self.add(f, fig, _nn("schema", "value"), ox.Literal(f"{value:.1f}", datatype=XSD_DECIMAL))
            self.add(f, fig, kg("unit"), ox.NamedNode(unit))
            if approx:
                self.add(f, fig, kg("qualifier"), ox.NamedNode(qualifiers["approximately"]))
                hk = v.concept("hedge-kinds", "hedge-approximation")
                if hk:
                    self.add(f, fig, kg("hedge"), fr("environ"))
                    self.add(f, fig, kg("hedgeKind"), ox.NamedNode(hk))
            self.add(f, fig, kg("measures"), en(f"{u_en} recorded in {town.name} in {year}"))
            self.add(f, fig, kg("about"), town.iri)
            self.add(f, fig, kg("scope"), country.iri)
            self.add(f, fig, kg("period"), self.instant(dt.date(year, 1, 1), "year"))
            self.add(f, fig, kg("statedBy"), author.iri)
            if v.has("citedSource") and companies and rng.random() < 0.3:
                self.add(f, fig, kg("citedSource"), companies[0].iri)
            self.add(f, fig, kg("evidence"), ev)
            self.keep("figure", fig)

    # -- roads, axes, corridors (since version 2)
    def pick_road(self, towns: list[Entity]) -> None:
        """Most notes name a road, axis or corridor through one of their towns, with what it links."""
        rng, w = self.rng2, self.world
        near = sorted({r.iri.value: r for t in towns for r in w.roads_by_town.get(t.iri.value, [])}.items())
        if not near or rng.random() >= 0.8:
            return
        road = near[rng.randrange(len(near))][1]
        for t in road.extra["towns"]:
            if t.iri.value not in self.mentioned:
                self.mention_town(t)
        (a, b), via = road.extra["ends"], road.extra["via"]
        through = f" en passant par {via.name}" if via else ""
        if road.cls == "Road":
            sentence = (f"La {road.name} (route nationale {road.name[2:]}), qui relie {a.name} à {b.name}{through}, "
                        f"est vitale pour l’approvisionnement de la zone.")
        elif road.cls == "Axis":
            sentence = (f"L’axe {a.name}–{b.name}{',' + through + ',' if via else ''} est emprunté chaque jour "
                        f"par des dizaines de camions.")
        else:
            sentence = (f"Le corridor {a.name}–{b.name}{through} concentre l’essentiel des échanges commerciaux "
                        f"de la zone.")
        ev = self.say(sentence)
        self.describe("places.ttl", road, ev)
        if "alt" in road.extra:
            self.add("places.ttl", road.iri, _nn("skos", "altLabel"), ox.Literal(road.extra["alt"]))
        self.mentioned.add(road.iri.value)
        self.keep("place", road.iri)
        self.relation("places.ttl", road.iri, "links", a.iri, ev)
        self.relation("places.ttl", road.iri, "links", b.iri, ev)
        if via:
            self.relation("places.ttl", road.iri, "passesThrough", via.iri, ev)
        self.road = road

    def road_figures(self, author: Entity) -> None:
        """The road's economic weight, as the real note gives the RN1's (share of imports, tonnage)."""
        rng, v, road = self.rng2, self.vocab, self.road
        if road is None or rng.random() >= 0.6:
            return
        f = "figures.ttl"
        country = road.extra["country"]
        fig = _nn("figure", f"{self.tag}-road-f1")
        percent, tonnes = v.concept("units", "unit-percent"), v.concept("units", "unit-tonne-per-year")
        approx = v.concept("qualifiers", "approximately")
        if percent and (rng.random() < 0.5 or not tonnes):
            value = float(rng.randint(10, 70))
            ev = self.say(f"Environ {value:.0f}\u00a0% des importations terrestres du {country.name} transitent par "
                          f"{road.extra['ref_fr']}, selon l’{author.name}.")
            label_en = f"{road.label_en}: about {value:.0f}% of {country.name}'s land imports"
            label_fr = f"{road.label_fr}\u00a0: environ {value:.0f}\u00a0% des importations terrestres du {country.name}"
            measures, unit, qualifier = f"share of {country.name}'s land imports carried by the {road.extra['ref_en']}", percent, approx
        elif tonnes:
            tenths = rng.randint(5, 40)
            value = tenths * 100_000.0
            shown = f"{tenths // 10},{tenths % 10}" if tenths % 10 else str(tenths // 10)
            ev = self.say(f"Chaque année, {shown}\u00a0millions de tonnes de marchandises empruntent "
                          f"{road.extra['ref_fr']}, d’après l’{author.name}.")
            label_en = f"{road.label_en}: {shown.replace(',', '.')} million tonnes of goods a year"
            label_fr = f"{road.label_fr}\u00a0: {shown}\u00a0millions de tonnes de marchandises par an"
            measures, unit, qualifier = f"goods carried by the {road.extra['ref_en']} each year", tonnes, None
        else:
            return
        self.add(f, fig, A, kg("Figure"))
        self.add(f, fig, _nn("rdfs", "label"), en(label_en))
        self.add(f, fig, _nn("rdfs", "label"), fr(label_fr))
        self.add(f, fig, _nn("schema", "value"), ox.Literal(f"{value:.1f}", datatype=XSD_DECIMAL))
        self.add(f, fig, kg("unit"), ox.NamedNode(unit))
        if qualifier:
            self.add(f, fig, kg("qualifier"), ox.NamedNode(qualifier))
        self.add(f, fig, kg("measures"), en(measures))
        self.add(f, fig, kg("about"), road.iri)
        self.add(f, fig, kg("scope"), country.iri)
        self.add(f, fig, kg("statedBy"), author.iri)
        self.add(f, fig, kg("evidence"), ev)
        self.keep("figure", fig)

    # -- religious figures (since version 2)
    def religious_figure(self) -> None:
        """Some notes name a religious figure and the town that shelters them (kg:basedIn)."""
        rng, w = self.rng2, self.world
        if rng.random() >= 0.4:
            return
        rf = w.religious[rng.randrange(len(w.religious))]
        base = rf.extra["base"]
        if base.iri.value not in self.mentioned:
            self.mention_town(base)
        ev = self.mention_actor(rf, f"{base.name} abrite l’influent {rf.name}, guide religieux dont l’autorité "
                                    f"dépasse les frontières.")
        self.add("actors.ttl", rf.iri, _nn("skos", "altLabel"), ox.Literal(rf.extra["alt"]))
        self.relation("actors.ttl", rf.iri, "basedIn", base.iri, ev)
        self.religious = rf

    def religious_events(self, groups: list[Entity]) -> list[ox.NamedNode]:
        """Threats against the figure (kg:target) and an online mobilisation to protect them."""
        rng, v, rf = self.rng2, self.vocab, self.religious
        if rf is None:
            return []
        f = "events.ttl"
        base, group = rf.extra["base"], groups[0]
        made = []
        threat = v.concept("event-types", "threat")
        if threat and rng.random() < 0.4:
            e = _nn("event", f"{self.tag}-rf-threat")
            when, words, words_en = self.date_node(rng)
            named = rng.random() < 0.5
            who = f"le {group.extra['acronym']} a menacé {rf.name}" if named else f"des menaces ont visé {rf.name} et sa sécurité"
            ev = self.say(f"{words[0].upper()}{words[1:]}, à {base.name}, {who}.")
            self.add(f, e, A, kg("Event"))
            self.add(f, e, _nn("rdfs", "label"), en(f"Threats against {rf.label_en} in {base.name}, {words_en}"))
            self.add(f, e, _nn("rdfs", "label"), fr(f"Menaces contre {rf.label_fr} à {base.name}, {words}"))
            self.add(f, e, kg("eventType"), ox.NamedNode(threat))
            self.add(f, e, kg("time"), when)
            self.add(f, e, kg("dateAsWritten"), fr(words))
            self.add(f, e, kg("place"), base.iri)
            if named:
                self.add(f, e, kg("perpetrator"), group.iri)
            self.add(f, e, kg("target"), rf.iri)
            self.add(f, e, kg("evidence"), ev)
            self.keep("event", e)
            made.append(e)
        mobilisation = v.concept("event-types", "online-mobilisation")
        if mobilisation and rng.random() < 0.5:
            e = _nn("event", f"{self.tag}-rf-mobilisation")
            when, words, words_en = self.date_node(rng)
            users = self.world.internet_users
            ev = self.say(f"{words[0].upper()}{words[1:]}, des internautes se sont mobilisés pour appeler l’État "
                          f"à intervenir afin de protéger {rf.name}.")
            self.describe("actors.ttl", users, ev)
            self.mentioned.add(users.iri.value)
            self.add(f, e, A, kg("Event"))
            self.add(f, e, _nn("rdfs", "label"),
                     en(f"Internet users mobilise, calling on the State to protect {rf.label_en}, {words_en}"))
            self.add(f, e, _nn("rdfs", "label"),
                     fr(f"Mobilisation d’internautes appelant l’État à protéger {rf.label_fr}, {words}"))
            self.add(f, e, kg("eventType"), ox.NamedNode(mobilisation))
            self.add(f, e, kg("time"), when)
            self.add(f, e, kg("dateAsWritten"), fr(words))
            self.add(f, e, kg("participant" if v.has("participant") else "perpetrator"), users.iri)
            self.add(f, e, kg("evidence"), ev)
            self.keep("event", e)
            self.mobilisation = e
            made.append(e)
        return made

    def religious_claims(self, groups: list[Entity], author: Entity) -> None:
        """The figure's standing, the armed group's designs on it, the threats and the mobilisation."""
        rng, v, rf = self.rng2, self.vocab, self.religious
        if rf is None:
            return
        f = "claims.ttl"
        base, group = rf.extra["base"], groups[0]
        country = base.extra["in"].extra["in"]
        acr = group.extra["acronym"]
        assertion = v.concept("claim-types", "assertion") or v.scheme("claim-types")[0]
        analysis = v.concept("claim-types", "analysis") or assertion
        appearance = v.concept("hedge-kinds", "hedge-appearance")
        claims = [("standing", assertion, [rf.iri, country.iri],
                   f"{rf.name} jouit d’une grande respectabilité au {country.name}, y compris auprès des hautes "
                   f"autorités civiles et militaires.",
                   f"{rf.label_en} enjoys great respect in {country.name}, including among senior civilian and "
                   f"military authorities", None)]
        if rng.random() < 0.7:
            hedged = appearance is not None and rng.random() < 0.5
            claims.append(("targets", analysis, [group.iri, rf.iri, base.iri],
                           f"Le {acr} {'semble désormais compter' if hedged else 'compte désormais'} l’influence "
                           f"de {rf.name} parmi ses cibles.",
                           f"{acr} {'seems to count' if hedged else 'now counts'} the influence of {rf.label_en} "
                           f"among its targets", ("semble", appearance) if hedged else None))
        if self.mobilisation is not None:
            claims.append(("threats", assertion, [rf.iri, self.mobilisation, self.world.internet_users.iri],
                           f"Suite aux menaces envers {rf.name} et sa sécurité, des internautes ont appelé l’État "
                           f"à intervenir pour le protéger.",
                           f"There have been threats against {rf.label_en} and his safety, followed by an online "
                           f"mobilisation calling on the State to protect him", None))
        for slug, ctype, about, sentence, prop_en, hedge in claims:
            c = _nn("claim", f"{self.tag}-rf-{slug}")
            ev = self.say(sentence)
            self.add(f, c, A, kg("Claim"))
            self.add(f, c, kg("claimType"), ox.NamedNode(ctype))
            self.add(f, c, kg("claimant"), author.iri)
            for a in about:
                self.add(f, c, kg("about"), a)
            self.add(f, c, kg("proposition"), en(prop_en + "."))
            if hedge:
                self.add(f, c, kg("hedge"), fr(hedge[0]))
                self.add(f, c, kg("hedgeKind"), ox.NamedNode(hedge[1]))
            self.add(f, c, kg("evidence"), ev)
            self.keep("claim", c)

    # -- a figure the note gives twice, from two cited sources (since version 2)
    def conflicting_figures(self, author: Entity, towns: list[Entity]) -> None:
        """Two cited sources, two values of one figure: two kg:Figure linked by kg:conflictsWith.

        Each names its kg:citedSource (the note kg:cites both), so the reporting chain of either
        figure runs from the figure to the publisher's publisher.
        """
        rng, v, w = self.rng2, self.vocab, self.world
        usd = v.concept("units", "unit-usd")
        if not usd or not v.has("conflictsWith") or not v.has("citedSource") or rng.random() >= 0.3:
            return
        f = "figures.ttl"
        region = towns[0].extra["in"]
        country = region.extra["in"]
        year = self.date.year - 1 - rng.randint(0, 3)
        cited = rng.sample(w.cited, 2)
        first = rng.randint(50, 900)
        values = (first, first + rng.randint(10, 300))
        sentences = (f"D’après le {cited[0].name}, les investissements étrangers dans la {region.label_fr} ont "
                     f"atteint {values[0]}\u00a0millions USD en {year}.",
                     f"Le {cited[1].name} avance pour sa part le chiffre de {values[1]}\u00a0millions USD pour "
                     f"la même année.")
        period = self.instant(dt.date(year, 1, 1), "year")
        figs, evs = [], []
        for k, (src, value, sentence) in enumerate(zip(cited, values, sentences)):
            fig = _nn("figure", f"{self.tag}-cited-f{k + 1}")
            ev = self.say(sentence)
            self.describe("actors.ttl", src, ev)
            self.mentioned.add(src.iri.value)
            self.relation("sources.ttl", self.source, "cites", src.iri, ev)
            self.add(f, fig, A, kg("Figure"))
            self.add(f, fig, _nn("rdfs", "label"),
                     en(f"{region.label_en}: USD {value} million of foreign investment in {year} ({src.label_en})"))
            self.add(f, fig, _nn("rdfs", "label"),
                     fr(f"{region.label_fr}\u00a0: {value}\u00a0millions USD d’investissements étrangers en {year} ({src.label_fr})"))
            self.add(f, fig, _nn("schema", "value"), ox.Literal(f"{value * 1_000_000:.1f}", datatype=XSD_DECIMAL))
            self.add(f, fig, kg("unit"), ox.NamedNode(usd))
            self.add(f, fig, kg("measures"), en(f"foreign investment in the {region.label_en} in {year}"))
            self.add(f, fig, kg("about"), region.iri)
            self.add(f, fig, kg("scope"), country.iri)
            self.add(f, fig, kg("period"), period)
            self.add(f, fig, kg("statedBy"), author.iri)
            self.add(f, fig, kg("citedSource"), src.iri)
            self.add(f, fig, kg("evidence"), ev)
            self.keep("figure", fig)
            figs.append(fig)
            evs.append(ev)
        self.relation(f, figs[0], "conflictsWith", figs[1], evs[0], evs[1])

    # -- assessment (this project's grading, not the note)
    def assessment(self) -> None:
        rng, v, w = self.rng, self.vocab, self.world
        f = "assessments.ttl"
        a = _nn("assessment", f"{self.tag}-source-grading")
        rel, cred = v.scheme("admiralty-reliability"), v.scheme("admiralty-credibility")
        self.add(f, a, A, kg("Assessment"))
        self.add(f, a, kg("assesses"), self.source)
        self.add(f, a, kg("sourceReliability"), ox.NamedNode(rel[rng.randrange(len(rel))]))
        self.add(f, a, kg("informationCredibility"), ox.NamedNode(cred[rng.randrange(len(cred))]))
        lik = v.scheme("likelihood")
        if lik and v.has("likelihood") and rng.random() < 0.5:
            self.add(f, a, kg("likelihood"), ox.NamedNode(lik[rng.randrange(len(lik))]))
        self.add(f, a, kg("assessor"), w.editors.iri)
        self.add(f, a, kg("assessedOn"), ox.Literal((self.date + dt.timedelta(days=30)).isoformat(), datatype=XSD_DATE))
        self.add(f, a, kg("reason"), en("Synthetic grading for benchmarks: the publisher is known, the claims are partly corroborated."))
        e = w.editors
        self.add(f, e.iri, A, kg(e.cls))
        self.add(f, e.iri, _nn("rdfs", "label"), en(e.label_en))
        self.add(f, e.iri, _nn("rdfs", "label"), fr(e.label_fr))
        self.keep("assessment", a)


# ----------------------------------------------------------------------------- planted violations

def _replace(note: SynthNote, subject, predicate, new_object=None, *, drop: bool = False, add=None) -> bool:
    """Drop or change the object of (subject, predicate, *) in the note; True if found."""
    for fname, triples in note.files.items():
        for i, t in enumerate(triples):
            if t.subject == subject and t.predicate == predicate:
                if drop:
                    del triples[i]
                else:
                    triples[i] = ox.Triple(subject, predicate, new_object)
                return True
    return False


def _objects(note: SynthNote, subject, predicate) -> list:
    return [t.object for ts in note.files.values() for t in ts if t.subject == subject and t.predicate == predicate]


def _v_event_without_type(note, e):
    return _replace(note, e, kg("eventType"), drop=True)


def _v_empty_quote(note, ev):
    return _replace(note, ev, _nn("oa", "exact"), ox.Literal(""))


def _v_claim_without_claimant(note, c):
    return _replace(note, c, kg("claimant"), drop=True)


def _v_figure_value_text(note, fig):
    old = _objects(note, fig, _nn("schema", "value"))
    return bool(old) and _replace(note, fig, _nn("schema", "value"), ox.Literal(old[0].value.replace(".", ",") + " %"))


def _v_event_two_times(note, e):
    times = _objects(note, e, kg("time"))
    if not times:
        return False
    day = dt.date(1999, 12, 31)  # before every note's dates, so it is never the event's own date
    node = _nn("date", day.isoformat())
    f = note.files["events.ttl"]
    for t in (ox.Triple(node, A, _nn("time", "Instant")),
              ox.Triple(node, _nn("time", "inXSDDate"), ox.Literal(day.isoformat(), datatype=XSD_DATE)),
              ox.Triple(node, kg("datePrecision"), _nn("kgt", "precision-day")),
              ox.Triple(e, kg("time"), node)):
        if t not in f:
            f.append(t)
    return True


def _v_person_group_without_count(note, pg):
    return _replace(note, pg, kg("memberCount"), drop=True)


def _v_statement_without_evidence(note, st):
    return _replace(note, st, kg("evidence"), drop=True)


def _v_date_as_written_untagged(note, e):
    old = _objects(note, e, kg("dateAsWritten"))
    return bool(old) and _replace(note, e, kg("dateAsWritten"), ox.Literal(old[0].value))


def _v_assessment_without_reason(note, a):
    return _replace(note, a, kg("reason"), drop=True)


def _v_evidence_end_before_start(note, ev):
    start, end = _objects(note, ev, _nn("oa", "start")), _objects(note, ev, _nn("oa", "end"))
    if not start or not end:
        return False
    return _replace(note, ev, _nn("oa", "start"), end[0]) and _replace(note, ev, _nn("oa", "end"), start[0])


#: kind → (resource kind, mutation, the shape rule it breaks). Each gives exactly one SHACL result.
VIOLATION_KINDS: dict[str, tuple[str, object, str]] = {
    "event-without-type": ("event", _v_event_without_type, "kgsh:EventShape (kg:eventType minCount 1)"),
    "evidence-empty-quote": ("evidence", _v_empty_quote, "kgsh:EvidenceShape (oa:exact minLength 1)"),
    "claim-without-claimant": ("claim", _v_claim_without_claimant, "kgsh:ClaimShape (kg:claimant minCount 1)"),
    "figure-value-not-a-number": ("figure", _v_figure_value_text, "kgsh:FigureShape (schema:value datatype)"),
    "event-two-times": ("event", _v_event_two_times, "kgsh:EventShape (kg:time maxCount 1)"),
    "person-group-without-count": ("person-group", _v_person_group_without_count,
                                   "kgsh:PersonGroupShape (kg:memberCount minCount 1)"),
    "statement-without-evidence": ("statement", _v_statement_without_evidence,
                                   "kgsh:StatementShape (kg:evidence minCount 1)"),
    "date-as-written-untagged": ("event", _v_date_as_written_untagged,
                                 "kgsh:EventShape (kg:dateAsWritten datatype rdf:langString)"),
    "assessment-without-reason": ("assessment", _v_assessment_without_reason,
                                  "kgsh:AssessmentShape (kg:reason minCount 1)"),
    "evidence-end-before-start": ("evidence", _v_evidence_end_before_start,
                                  "kgsh:EvidenceShape (oa:start lessThan oa:end)"),
}


def _plant(note: SynthNote, count: int, counter: list[int], used: set[str]) -> None:
    kinds = list(VIOLATION_KINDS)
    for _ in range(count):
        for attempt in range(len(kinds)):
            kind = kinds[(counter[0] + attempt) % len(kinds)]
            rkind, fn, rule = VIOLATION_KINDS[kind]
            # evidence of planted statements/events stay untouched: pick resources not used yet
            candidates = [r for r in note.resources.get(rkind, []) if r.value not in used]
            if rkind == "evidence":  # leave the note's first quotes (date, masthead, title) alone
                candidates = candidates[3:]
            if candidates and fn(note, candidates[len(candidates) // 2]):
                r = candidates[len(candidates) // 2]
                used.add(r.value)
                note.planted.append({"kind": kind, "resource": r.value, "note": note.name, "rule": rule})
                counter[0] += attempt + 1
                break
        else:
            raise KgError(f"cannot plant another violation in {note.name}: lower --violations")


# ----------------------------------------------------------------------------- the generator

class Generator:
    def __init__(self, target: int, seed: int, violations: int, vocab: Vocabulary) -> None:
        self.target, self.seed, self.violations, self.vocab = target, seed, violations, vocab
        self.est_notes = max(1, round(target / AVG_NOTE_TRIPLES))
        self.world = World(seed, self.est_notes)
        self._event = self._claim = self._unit = 0
        # the gazetteer (written after the notes) takes its share of the target
        self.notes_target = max(1, target - self.world.gazetteer_budget())
        self.mentioned: set[str] = set()   # shared resources described by the notes yielded so far

    def next_event_type(self) -> int:
        self._event += 1
        return self._event - 1

    def next_claim_type(self) -> int:
        self._claim += 1
        return self._claim - 1

    def next_unit(self) -> int:
        self._unit += 1
        return self._unit - 1

    def schedule(self, index: int) -> int:
        """How many violations go into note ``index`` (1-based), spread evenly over the expected notes."""
        def upto(i: int) -> int:
            return min(self.violations, (i * self.violations) // self.est_notes)
        return upto(index) - upto(index - 1)

    def __iter__(self) -> Iterator[SynthNote]:
        total, planted = 0, 0
        counter, used = [0], set()
        pending: SynthNote | None = None
        index = 0
        while True:
            index += 1
            note = NoteBuilder(self, index).build()
            size = note.triples
            last = total + size / 2 > self.notes_target and pending is not None
            if last:
                break
            if pending is not None:
                self.mentioned |= pending.mentioned
                yield pending
            k = min(self.schedule(index), self.violations - planted)
            if k:
                _plant(note, k, counter, used)
                planted += k
            total += note.triples
            pending = note
        # the last note takes any violations not planted yet
        if planted < self.violations:
            _plant(pending, self.violations - planted, counter, used)
        self.mentioned |= pending.mentioned
        yield pending

    def gazetteer(self) -> "SynthContext":
        """``graph:gazetteer`` for the notes yielded so far, in the shape ``kg gazetteer`` writes.

        Coordinates (a ``geo:Geometry`` per town, ``prov:wasDerivedFrom`` the synthetic gazetteer),
        an identifier (``schema:sameAs``) and the containers the gazetteer gives
        (``schema:containedInPlace``), for the towns with a gazetteer entry that some note names;
        the gazetteer's own provenance. Never a quote or a note's fact: it is context, in a named
        graph of its own (``data/context/gazetteer.ttl``), like the real project's.
        """
        w = self.world
        ref = "https://gazetteer.example.org/synth/"
        src = _nn("source", "synth-gazetteer")
        def sch(local): return _nn("schema", local)
        def prov(local): return _nn("prov", local)
        def rdfs(local): return _nn("rdfs", local)
        def geo(local): return _nn("geo", local)
        triples = [
            ox.Triple(src, A, prov("Entity")),
            ox.Triple(src, rdfs("label"), en(f"Synthetic gazetteer (kg.synth {GENERATOR_VERSION}, seed {self.seed})")),
            ox.Triple(src, _nn("dcterms", "title"), ox.Literal("kg.synth gazetteer")),
            ox.Triple(src, sch("version"), ox.Literal(GENERATOR_VERSION)),
            ox.Triple(src, _nn("dcterms", "license"), ox.NamedNode("https://creativecommons.org/publicdomain/zero/1.0/")),
            ox.Triple(src, _nn("dcterms", "source"), ox.NamedNode(ref)),
            ox.Triple(_nn("graph", "gazetteer"), prov("wasDerivedFrom"), src),
        ]
        wkt = ox.NamedNode(P["geo"] + "wktLiteral")
        for town in w.towns:
            if "geo" not in town.extra or town.iri.value not in self.mentioned:
                continue
            lon, lat, gid, with_region = town.extra["geo"]
            region, country = town.extra["in"], town.extra["in"].extra["in"]
            geom = _nn("geom", town.iri.value.rsplit("/", 1)[-1] + "-gazetteer")
            triples += [ox.Triple(town.iri, geo("hasGeometry"), geom),
                        ox.Triple(town.iri, sch("sameAs"), ox.NamedNode(f"{ref}{gid}/"))]
            if with_region:
                triples.append(ox.Triple(town.iri, sch("containedInPlace"), region.iri))
            triples += [
                ox.Triple(town.iri, sch("containedInPlace"), country.iri),
                ox.Triple(geom, A, geo("Geometry")),
                ox.Triple(geom, geo("asWKT"), ox.Literal(f"POINT({lon} {lat})", datatype=wkt)),
                ox.Triple(geom, prov("wasDerivedFrom"), src),
                ox.Triple(geom, rdfs("comment"), en(f"Matched to synthetic gazetteer entry {gid}: {town.name}, "
                                                    f"{country.name}" + (f" ({region.label_en})" if with_region else ""))),
            ]
        for country in w.countries:
            if country.iri.value in self.mentioned:
                triples.append(ox.Triple(country.iri, sch("sameAs"), ox.NamedNode(f"{ref}{country.extra['gid']}/")))
        return SynthContext("gazetteer", {"gazetteer.ttl": triples})


def generate(target_triples: int, seed: int = 1, violations: int = 0,
             project: Project | None = None) -> Iterator[SynthNote]:
    """Notes until their quads add up to ``target_triples`` (±half a note), deterministic for ``seed``.

    The notes leave room for the gazetteer (:meth:`Generator.gazetteer`, a few triples per town),
    which :func:`write_corpus` writes after them.

    Exactly ``violations`` resources break one shape rule each (see :data:`VIOLATION_KINDS`,
    ``note.planted``). The ontology and taxonomy are read from ``project`` (default: the current one).
    """
    return iter(_generator(target_triples, seed, violations, project))


def _generator(target_triples: int, seed: int, violations: int, project: Project | None) -> Generator:
    if target_triples <= 0:
        raise KgError("the target number of triples must be positive")
    if violations < 0:
        raise KgError("the number of violations cannot be negative")
    vocab = Vocabulary.from_project(project or find_project())
    return Generator(target_triples, seed, violations, vocab)


# ----------------------------------------------------------------------------- writing a corpus folder

MANIFEST = "manifest.json"


def corpus_key(target: int, seed: int, violations: int, project: Project) -> dict:
    vocab_digest = hashlib.sha256()
    for path in (*project.ontology_files, project.shapes_file):
        vocab_digest.update(Path(path).read_bytes() if Path(path).is_file() else b"")
    return {"generator": GENERATOR_VERSION, "target_triples": target, "seed": seed, "violations": violations,
            "ontology_sha256": vocab_digest.hexdigest()}


def write_corpus(out: Path, target_triples: int, seed: int = 1, violations: int = 0,
                 project: Project | None = None, reuse: bool = False) -> dict:
    """Write a corpus folder (a project of its own) and return its manifest.

    With ``reuse``, an existing folder whose manifest has the same key (generator version, target,
    seed, violations, ontology and shapes) is kept as it is.
    """
    project = project or find_project()
    out = Path(out)
    key = corpus_key(target_triples, seed, violations, project)
    manifest_path = out / MANIFEST
    if reuse and manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
        if old.get("key") == key and (out / "corpus.nq").is_file():
            # the data is kept; the saved queries are not data and are copied afresh, so a reused
            # corpus always runs the project's current queries
            shutil.rmtree(out / "queries", ignore_errors=True)
            if project.queries_dir.is_dir():
                shutil.copytree(project.queries_dir, out / "queries")
            return old
    ours = {"data", "ontology", "queries", "build", "corpus.nq", MANIFEST}
    if out.exists():
        if not out.is_dir() or any(p.name not in ours for p in out.iterdir()):
            raise KgError(f"{out} exists and is not a synthetic corpus folder: choose an empty or new folder")
        for sub in ("data", "ontology", "queries", "build"):
            shutil.rmtree(out / sub, ignore_errors=True)
        for name in ("corpus.nq", MANIFEST):
            (out / name).unlink(missing_ok=True)
    (out / "data" / "sources").mkdir(parents=True, exist_ok=True)
    (out / "data" / "triples").mkdir(parents=True, exist_ok=True)
    (out / "data" / "context").mkdir(parents=True, exist_ok=True)
    (out / "ontology").mkdir(parents=True, exist_ok=True)
    for path in (*project.ontology_files, project.shapes_file, project.context_jsonld):
        if Path(path).is_file():
            shutil.copyfile(path, out / "ontology" / Path(path).name)
    if project.queries_dir.is_dir():
        shutil.copytree(project.queries_dir, out / "queries")

    notes, quads, planted = 0, 0, []
    per_file: dict[str, int] = {}
    digest = hashlib.sha256()
    gen = _generator(target_triples, seed, violations, project)
    with open(out / "corpus.nq", "wb") as nq:
        for note in gen:
            notes += 1
            quads += note.triples
            planted += note.planted
            (out / "data" / "sources" / f"{note.name}.txt").write_text(note.text, encoding="utf-8", newline="\n")
            folder = out / "data" / "triples" / note.name
            folder.mkdir(exist_ok=True)
            for fname, data in note.turtle().items():
                (folder / fname).write_bytes(data)
                per_file[fname] = per_file.get(fname, 0) + len(note.files[fname])
            data = note.nquads()
            digest.update(data)
            nq.write(data)
        context = gen.gazetteer()
        for fname, data in context.turtle().items():
            (out / "data" / "context" / fname).write_bytes(data)
        data = context.nquads()
        digest.update(data)
        nq.write(data)
        quads += context.triples
    manifest = {
        "key": key,
        "notes": notes,
        "quads": quads,
        "quads_per_file": dict(sorted(per_file.items())),
        "context_quads": {f"data/context/{fname}": len(ts) for fname, ts in sorted(context.files.items())},
        "corpus_nq_sha256": digest.hexdigest(),
        "violations": planted,
        "layout": {"texts": "data/sources/<note>.txt", "turtle": "data/triples/<note>/*.ttl",
                   "context": "data/context/gazetteer.ttl (graph:gazetteer)",
                   "nquads": "corpus.nq (data and context, no ontology)", "graph": "graph:<note>"},
    }
    with open(manifest_path, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, ensure_ascii=False, sort_keys=True)
        fh.write("\n")
    return manifest
