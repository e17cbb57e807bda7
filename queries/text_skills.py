"""Skills named in a CV paragraph or a job ad, found by meaning and by wording.

What people write rarely uses ESCO's wording ("ran weekly stock ordering", "managed a store
budget of 1.2 million euros"), so the text is read as short phrases, each phrase is
compared by meaning with every skill and knowledge concept, and the candidates are
re-ranked with the evidence a person would weigh. :func:`match_by_meaning` is what
:func:`skillgraph.queries.free_text.match_free_text` runs when the language model is
installed; its result has the same shape as the lexical matcher's.

Phrases
-------
The text is cut into sentences and bullets (as the lexical matcher does), then at commas
and semicolons into segments. A segment is cut at *and* / *or*: a part that starts with a
verb stands alone ("manage budgets and perform risk analysis"), one that does not borrows
the segment's leading verb ("handled scheduling and recruitment" → "handled scheduling",
"handled recruitment"). Each part is also read without what follows its first preposition
("managed a store budget of 1.2 million euros" → "managed a store budget"), and numbers are
left out. A part that starts with a light verb (*handled*, *ran*, *responsible for* …) is
also read without it ("handled scheduling" → "scheduling"), and a short named object after
*in*/*with*/*using* is read as a tool ("reports in Excel" → "use Excel"). The readings of
one part compete: the part keeps its best concept over all of them (the whole segment
"X and Y" is one more reading of its first part). A line break followed by a lower-case
word only wraps the sentence; a phrase that starts with a preposition ("at a logistics
start-up", "with product owners") says where or with whom and is not read. A phrase that names a
person or a role ("Registered nurse", "IT project manager", "social workers") says who
someone is, not what they can do, and is not compared by meaning. A verb is a word ending in *-ed*/*-ing*, a common irregular past (*ran*, *led*),
or one of the words ESCO skill labels start with (*manage*, *perform*, *train* …).

Candidates and confidence
-------------------------
Each phrase is embedded with the sentence model and compared with every concept: the
cosine with its preferred label, and with its description at a fifth of the weight
(``meaning``). The :data:`CANDIDATES_PER_PHRASE` closest concepts of each phrase are then
scored::

    evidence = meaning + 0.12 · wording + 0.08 · context + reuse
    confidence = clip((evidence − 0.52) / 0.26, 0, 1)

* ``wording`` (0–1): the share of the words of the concept's label (or of its best
  alternative label) that the phrase uses, stemmed ("budget" in "store budget");
* ``context`` (0–1): what else was found — how much the occupations that list the
  concept overlap with those listing the other phrases' best concepts (cosine of
  idf-weighted occupation profiles), so a retail paragraph favours retail skills over a
  homonym from aquaculture;
* ``reuse``: +0.02 for transversal and cross-sector concepts, −0.03 for
  occupation-specific ones (a CV names general skills more often than an occupation's
  own), −0.02 for a concept no occupation lists.

A part keeps its best concept, and a second one when it is about as good and the phrase has
at least three content words ("managed a team of 14 staff" → *manage staff*, *manage a
team*; a short phrase such as "scheduling" is ambiguous: its runner-up is another sense). A concept the lexical matcher finds (its
label or an alternative label written in the text) keeps at least the lexical confidence,
and its words; found both ways it gains 0.1. Each concept is listed once, at its best
phrase, in the order of the text.

Tuned on invented CV and job-ad paragraphs and checked against the SkillSkape development
sentences (``bench/text.py``), not fitted to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from skillgraph.graph.model import NodeKind, Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.embeddings import TaxonomyEmbeddings
from skillgraph.queries.free_text import (
    _STOP_STEMS,
    _WORD,
    TextSkillCandidate,
    TextSkillMatches,
    _tokens,
    content_stems,
    lexical_matches,
    stem,
)
from skillgraph.queries.store_cache import per_store

__all__ = ["match_by_meaning", "phrases", "Phrase", "CANDIDATES_PER_PHRASE"]

#: Concepts compared in full for each phrase.
CANDIDATES_PER_PHRASE = 8
_DESCRIPTION_WEIGHT = 0.2
_WORDING_WEIGHT = 0.12
_CONTEXT_WEIGHT = 0.08
_FLOOR = 0.52
_SPAN = 0.26
_SECOND_WITHIN = 0.02  # a second concept per phrase when its evidence is this close to the best
_SECOND_MIN_WORDS = 3  # … and the phrase has at least this many content words
_BOTH_BONUS = 0.1
_REUSE_PRIOR = {"transversal": 0.02, "cross-sector": 0.02, "sector-specific": 0.0, "occupation-specific": -0.03}
_UNLISTED_PRIOR = -0.02

_IRREGULAR_PAST = frozenset(
    "ran led built wrote taught bought sold made did drew drove grew held kept lent met oversaw paid ran set sent "
    "spent stood took told won".split()
)
# Words a segment may start with that carry nothing (dropped before the phrase is read).
_LEADING = frozenset(
    "and or but also then while whilst i we you they he she who which will would shall can could must should to be "
    "being been am is are was were have has had as well plus".split()
)
_CONJUNCTIONS = frozenset({"and", "or"})
_PREPOSITIONS = frozenset(
    "of for in at with to on across within from worth per by during including using through via into over under "
    "between among around".split()
)
# Verbs that say little of the activity ("handled scheduling", "ran weekly stock ordering",
# "was responsible for recruitment"): the phrase is also read without them.
_LIGHT_VERBS = tuple(
    tuple(v.split())
    for v in (
        "handled",
        "handle",
        "handles",
        "handling",
        "ran",
        "run",
        "runs",
        "running",
        "did",
        "do",
        "does",
        "doing",
        "dealt with",
        "deal with",
        "dealing with",
        "took care of",
        "take care of",
        "taking care of",
        "looked after",
        "look after",
        "looking after",
        "responsible for",
        "in charge of",
        "worked on",
        "working on",
        "involved in",
        "carried out",
        "carry out",
        "carrying out",
    )
)
# Prepositions after which a named tool may follow ("reports in Excel", "analysed with Python").
_TOOL_PREPOSITIONS = frozenset({"in", "with", "using", "via", "through", "on"})
# Participles that describe a person in a CV ("Registered nurse", "Qualified accountant").
_ADJECTIVE_PARTICIPLES = frozenset(
    "registered qualified certified licensed chartered experienced skilled trained dedicated motivated "
    "accomplished seasoned established talented".split()
)
_NUMBER = re.compile(r"\d")
# A word naming people or a role ("workers", "nurse", "physiotherapists", "product owners"):
# a phrase ending in one, without a verb, names who, not what someone can do.
_AGENT = re.compile(r"[a-z]{3,}(?:er|or|ist|ian|ee)s?$")
_AGENT_WORDS = frozenset(
    "nurse nurses staff team teams people person persons client clients customer customers patient patients "
    "colleague colleagues student students child children family families stakeholder stakeholders supplier "
    "suppliers vendor vendors partner partners assistant assistants consultant consultants accountant accountants "
    "attendant attendants agent agents analyst analysts specialist specialists expert experts".split()
)
_NOT_AGENT = frozenset(
    "order orders paper papers computer computers water matter power server servers error errors sector sectors "
    "floor floors colour colours color colors behaviour behaviours behavior behaviors monitor monitors register "
    "registers checklist checklists order letter letters number numbers filter filters container containers "
    "printer printers meter meters centre centres center centers border borders chapter chapters layer layers "
    "interior exterior calendar calendars poster posters barrier barriers shelter ledger ledgers roster rosters "
    "factor factors vector vectors motor motors generator generators reactor reactors elevator elevators "
    "refrigerator refrigerators indicator indicators".split()
)


def _is_agent(word: str) -> bool:
    w = word.lower()
    if w in _AGENT_WORDS:
        return True
    return w not in _NOT_AGENT and _AGENT.search(w) is not None


#: Set by the tuning script of bench/text.py to collect every scored candidate.
_TRACE: list | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase of the text: ``text`` is what is embedded; ``start``/``end`` the span of the
    person's own words it stands for."""

    text: str
    start: int
    end: int
    segment: int
    stems: frozenset[str]
    verb: bool = False  # starts with a verb ("managed a store budget")
    agent: bool = False  # names people or a role, not an activity ("social workers", "Registered nurse")
    part: int = 0  # phrases of one part are readings of the same words: they compete


# -- reading the text into phrases ---------------------------------------------------------------


def _is_verb(word: str, verbs: frozenset[str]) -> bool:
    w = word.lower()
    if w in _IRREGULAR_PAST:
        return True
    if w.isalpha() and len(w) >= 5 and (w.endswith("ed") or w.endswith("ing")):
        return True
    return stem(w) in verbs


def _light_verb_length(words: list) -> int:
    """How many leading words of ``words`` are a light verb (0 when none)."""
    lowered = [w.text.lower() for w in words[:3]]
    for verb in _LIGHT_VERBS:
        if tuple(lowered[: len(verb)]) == verb and len(words) > len(verb):
            return len(verb)
    return 0


@dataclass(frozen=True, slots=True)
class _Use:
    """The word "use" put before a named tool ("in Excel" → "use Excel"); not in the text."""

    text: str = "use"
    stem: str = "use"
    start: int = -1
    end: int = -1


def _wrapped_lines_joined(text: str, tokens: list) -> list:
    """The tokens with a line break that only wraps a sentence ("debugged software in" /
    "production and …": the next line goes on in lower case) not counted as a boundary."""
    out: list = []
    clause = 0
    for i, token in enumerate(tokens):
        if i and token.clause != tokens[i - 1].clause:
            gap = text[tokens[i - 1].end : token.start]
            if not (gap.strip() == "" and "\n" in gap and token.text[:1].islower()):
                clause += 1
        out.append(token if token.clause == clause else replace(token, clause=clause))
    return out


def phrases(text: str, verbs: frozenset[str] = frozenset()) -> list[Phrase]:
    """The phrases :func:`match_by_meaning` reads in ``text`` (see the module docstring).

    Parameters
    ----------
    text : str
    verbs : frozenset of str
        Stems of words that start a skill (besides -ed/-ing forms and irregular pasts).

    Examples
    --------
    >>> [p.text for p in phrases("Handled scheduling and recruitment, managed a store budget of 1.2 million euros.")]
    ['Handled scheduling and recruitment', 'Handled scheduling', 'scheduling', 'Handled recruitment', 'recruitment', 'managed a store budget of million euros', 'managed a store budget']
    """
    tokens = _wrapped_lines_joined(text, _tokens(text))
    segments: list[list] = []
    current: list = []
    clause = None
    for token in tokens:
        if token.stem == "," or token.clause != clause:
            if current:
                segments.append(current)
            current = []
            clause = token.clause
            if token.stem == ",":
                continue
        current.append(token)
    if current:
        segments.append(current)
    out: list[Phrase] = []
    seen: set[tuple[str, int, int]] = set()
    part_number = [0]

    def new_part() -> None:
        part_number[0] += 1

    def add(words: list, segment: int, span: tuple[int, int] | None = None) -> None:
        words = [w for w in words if not _NUMBER.search(w.text)]
        while words and words[-1].text.lower() in _PREPOSITIONS | _CONJUNCTIONS | _LEADING:
            words = words[:-1]
        if not words:
            return
        if words[0].text.lower() in _PREPOSITIONS:
            return  # "at a logistics start-up", "with product owners": where or with whom, not what
        stems = frozenset(w.stem for w in words if w.stem not in _STOP_STEMS)
        if not stems:
            return
        own = [w for w in words if w.start >= 0]
        start, end = span if span is not None else (own[0].start, own[-1].end)
        phrase_text = " ".join(w.text for w in words)
        key = (phrase_text.lower(), start, end)
        if key in seen:
            return
        seen.add(key)
        verb = _is_verb(words[0].text, verbs)
        # "social workers", "Registered nurse", "Backend software developer": who, not what
        # (a participle before the role is an adjective)
        agent = _is_agent(words[-1].text) and (not verb or words[0].text.lower() in _ADJECTIVE_PARTICIPLES)
        out.append(Phrase(phrase_text, start, end, segment, stems, verb=verb, agent=agent, part=part_number[0]))

    def read(words: list, segment: int, span: tuple[int, int] | None = None) -> None:
        add(words, segment, span)
        light = _light_verb_length(words)
        if light:
            rest = words[light:]
            rest_span = None if span is None else (max(span[0], rest[0].start), span[1])
            add(rest, segment, rest_span)

    def with_head(words: list, segment: int, span: tuple[int, int] | None = None, *, same_part: bool = False) -> None:
        if not same_part:
            new_part()
        read(words, segment, span)
        content = 0
        for i, w in enumerate(words):
            if w.text.lower() in _PREPOSITIONS and content >= 2 and i < len(words) - 1:
                head = words[:i]
                head_span = None if span is None else (span[0], head[-1].end) if head[-1].end > span[0] else span
                read(head, segment, head_span)
                tail = words[i + 1 :]
                if w.text.lower() in _TOOL_PREPOSITIONS and len(tail) <= 3 and any(t.text[:1].isupper() for t in tail):
                    new_part()
                    add([_Use(), *tail], segment)  # a named tool: "… in Excel" → "use Excel"
                break
            if w.stem not in _STOP_STEMS and not _NUMBER.search(w.text):
                content += 1

    for number, segment in enumerate(segments):
        while segment and segment[0].text.lower() in _LEADING:
            segment = segment[1:]
        if not segment:
            continue
        parts: list[list] = [[]]
        for token in segment:
            if token.text.lower() in _CONJUNCTIONS:
                parts.append([])
            else:
                parts[-1].append(token)
        parts = [p for p in parts if p]
        if not parts:
            continue
        if len(parts) > 1:
            # the whole segment ("health and safety regulations") is one more reading of
            # its first part, not a part of its own
            new_part()
            add(segment, number)
        lead = parts[0][0] if _is_verb(parts[0][0].text, verbs) else None
        for i, part in enumerate(parts):
            if i > 0 and lead is not None and not _is_verb(part[0].text, verbs):
                # "handled scheduling and recruitment": the verb is shared; the words found are the part's own
                with_head([lead, *part], number, (part[0].start, part[-1].end))
            else:
                with_head(part, number, same_part=i == 0 and len(parts) > 1)
    return out


# -- what is known about each concept ------------------------------------------------------------


@dataclass
class _Concepts:
    label: list[str]
    kind: list[str]
    source: list[str]
    prior: np.ndarray  # float32 reuse-level prior
    stems: list[list[frozenset[str]]]  # content stems of the label, then of each alternative label
    profile: sp.csr_matrix  # concepts × ESCO occupations, idf-weighted, rows of unit length
    labels: np.ndarray  # float32 (concepts, dim) label vectors
    descriptions: np.ndarray  # float32 (concepts, dim), zero rows where there is no description
    has_description: np.ndarray  # bool
    verbs: frozenset[str]


@per_store
def _concepts(store: GraphStore, model: str, digest: str) -> _Concepts:
    from skillgraph.queries.embeddings import taxonomy_embeddings

    embeddings = taxonomy_embeddings(store, build=False)
    if embeddings is None or embeddings.model != model or embeddings.digest != digest:
        raise RuntimeError("embeddings changed while preparing text matching")  # pragma: no cover
    index = embeddings.skills
    n = len(index.concept_ids)
    props = store.nodes(index.concept_ids)
    label = [props.get(c, {}).get("label", c) for c in index.concept_ids]
    kind = [props.get(c, {}).get("kind", NodeKind.SKILL.value) for c in index.concept_ids]
    source = [props.get(c, {}).get("source", Source.ESCO.value) for c in index.concept_ids]
    stems: list[list[frozenset[str]]] = [[frozenset(content_stems(lab))] for lab in label]
    first_words: dict[str, int] = {}
    for entry in store.skill_search_entries():
        position = index.position.get(entry.id)
        if position is None:
            continue
        if entry.field != "label":
            stems[position].append(frozenset(content_stems(entry.text)))
        elif kind[position] == NodeKind.SKILL.value:
            words = _WORD.findall(entry.text)
            if words and words[0].islower():
                first = stem(words[0])
                first_words[first] = first_words.get(first, 0) + 1
    verbs = frozenset(w for w, count in first_words.items() if count >= 3 and w not in _STOP_STEMS)
    # Occupation profiles of the concepts: which ESCO occupations list them.
    occupations = store.occupation_ids(Source.ESCO.value)
    rows: list[int] = []
    cols: list[int] = []
    for j, (_, requirements) in enumerate(sorted(store.requirements(occupations).items())):
        for r in requirements:
            position = index.position.get(r["id"])
            if position is not None:
                rows.append(position)
                cols.append(j)
    profile = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, max(1, len(occupations))))
    profile.sum_duplicates()
    profile.data[:] = 1.0
    listed = np.asarray(profile.getnnz(axis=0), dtype=np.float32)
    idf = np.log(1.0 + n / np.maximum(listed, 1.0)).astype(np.float32)
    profile = (profile @ sp.diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(profile.multiply(profile).sum(axis=1)).ravel())
    profile = (sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ profile).tocsr().astype(np.float32)
    reuse = [props.get(c, {}).get("reuse_level", "") for c in index.concept_ids]
    prior = np.array([_REUSE_PRIOR.get(r, 0.0) for r in reuse], dtype=np.float32)
    prior[norms == 0] += _UNLISTED_PRIOR
    labels = index.vectors[index.row_text[index.label_row]]
    has_description = index.description_row >= 0
    descriptions = np.zeros_like(labels)
    descriptions[has_description] = index.vectors[index.row_text[index.description_row[has_description]]]
    return _Concepts(label, kind, source, prior, stems, profile, labels, descriptions, has_description, verbs)


# -- matching ------------------------------------------------------------------------------------


def _wording(phrase: Phrase, options: list[frozenset[str]]) -> float:
    best = 0.0
    for words in options:
        if words:
            best = max(best, len(words & phrase.stems) / len(words))
    return best


def match_by_meaning(
    store: GraphStore,
    embeddings: TaxonomyEmbeddings,
    text: str,
    *,
    source: str | None = Source.ESCO,
    min_confidence: float = 0.5,
    limit: int = 100,
) -> TextSkillMatches:
    """Skills and knowledge concepts named in ``text``, by meaning and wording.

    Arguments as :func:`skillgraph.queries.free_text.match_free_text` (which checks them and
    calls this when the model is installed); ``embeddings`` from
    :func:`skillgraph.queries.embeddings.taxonomy_embeddings`.

    Returns
    -------
    TextSkillMatches
        ``method="semantic"``; candidates in the order of the text, one per concept.
    """
    concepts = _concepts(store, embeddings.model, embeddings.digest)
    index = embeddings.skills
    lexical = lexical_matches(store, text, source=source, min_confidence=min_confidence, limit=500)
    # A phrase naming a person or a role ("Registered nurse", "IT project manager") says who
    # someone is, not what they can do: it is not matched by meaning (its words still are).
    found = [p for p in phrases(text, concepts.verbs) if not p.agent]
    allowed = None
    if source is not None:
        allowed = np.fromiter((s == source for s in concepts.source), dtype=bool, count=len(concepts.source))
    # (concept position) → (confidence, start, end, matched label, field, method)
    best: dict[int, tuple[float, int, int, str, str, str]] = {}
    lexical_by_position = {index.position[c.id]: c for c in lexical.candidates if c.id in index.position}
    if found:
        vectors = embeddings.encode([p.text for p in found])
        meaning = vectors @ concepts.labels.T
        described = vectors @ concepts.descriptions[concepts.has_description].T
        meaning[:, concepts.has_description] = (1 - _DESCRIPTION_WEIGHT) * meaning[
            :, concepts.has_description
        ] + _DESCRIPTION_WEIGHT * described
        if allowed is not None:
            meaning[:, ~allowed] = -1.0
        k = min(CANDIDATES_PER_PHRASE, meaning.shape[1])
        top = np.argpartition(-meaning, k - 1, axis=1)[:, :k]
        # Context: the best concept of each phrase (and what the lexical matcher found).
        anchors: dict[int, float] = {}
        for i in range(len(found)):
            j = int(top[i][np.argmax(meaning[i, top[i]])])
            anchors[j] = max(anchors.get(j, 0.0), float(meaning[i, j]))
        for position in lexical_by_position:
            anchors[position] = max(anchors.get(position, 0.0), 0.8)
        weights = np.zeros(len(concepts.label), dtype=np.float32)
        for j, w in anchors.items():
            weights[j] = w
        context = sp.csr_matrix(weights[None, :]) @ concepts.profile  # 1 × occupations
        candidates = np.unique(top.ravel())
        # cosine of each candidate's profile (unit length) with the context less its own part
        together = np.asarray((concepts.profile[candidates] @ context.T).todense()).ravel()
        rest = context.toarray().ravel()
        rest_norm2 = float(rest @ rest)
        own = weights[candidates]
        norm2 = np.maximum(rest_norm2 - 2.0 * own * together + own * own, 1e-12)
        coherence = dict(zip(candidates.tolist(), np.clip((together - own) / np.sqrt(norm2), 0.0, 1.0).tolist()))
        # part → concept → (evidence, phrase): the readings of one part compete
        by_part: dict[int, dict[int, tuple[float, Phrase]]] = {}
        for i, phrase in enumerate(found):
            scored = by_part.setdefault(phrase.part, {})
            for j in top[i].tolist():
                evidence = (
                    float(meaning[i, j])
                    + _WORDING_WEIGHT * _wording(phrase, concepts.stems[j])
                    + _CONTEXT_WEIGHT * coherence.get(j, 0.0)
                    + float(concepts.prior[j])
                )
                if j not in scored or evidence > scored[j][0]:
                    scored[j] = (evidence, phrase)
                if _TRACE is not None:
                    _TRACE.append(
                        (
                            text,
                            phrase,
                            index.concept_ids[j],
                            float(meaning[i, j]),
                            _wording(phrase, concepts.stems[j]),
                            coherence.get(j, 0.0),
                            float(concepts.prior[j]),
                            lexical_by_position[j].confidence if j in lexical_by_position else 0.0,
                        )
                    )
        for scored in by_part.values():
            ranked = sorted(scored.items(), key=lambda t: (-t[1][0], concepts.label[t[0]].lower()))
            # A second reading only for a phrase of three content words or more: a short one
            # ("scheduling", "inventory counts") is ambiguous, its runner-up another sense.
            kept = ranked[:1] + [
                t for t in ranked[1:2] if t[1][0] >= ranked[0][1][0] - _SECOND_WITHIN and len(t[1][1].stems) >= _SECOND_MIN_WORDS
            ]
            for j, (evidence, phrase) in kept:
                confidence = min(1.0, max(0.0, (evidence - _FLOOR) / _SPAN))
                current = best.get(j)
                if current is None or confidence > current[0]:
                    best[j] = (confidence, phrase.start, phrase.end, concepts.label[j], "meaning", "meaning")
    for position, candidate in lexical_by_position.items():
        current = best.get(position)
        confidence = candidate.confidence
        if current is not None:
            confidence = min(1.0, max(confidence, current[0]) + _BOTH_BONUS)
        best[position] = (
            round(confidence, 3),
            candidate.start,
            candidate.end,
            candidate.matched_label,
            candidate.matched_field,
            candidate.method,
        )
    chosen = [(p, v) for p, v in best.items() if v[0] >= min_confidence]
    chosen.sort(key=lambda t: (-t[1][0], t[1][1], concepts.label[t[0]].lower()))
    chosen = chosen[:limit]
    chosen.sort(key=lambda t: (t[1][1], -t[1][0], concepts.label[t[0]].lower(), index.concept_ids[t[0]]))
    occurrences = {index.position[c.id]: c.occurrences for c in lexical.candidates if c.id in index.position}
    out = tuple(
        TextSkillCandidate(
            id=index.concept_ids[p],
            label=concepts.label[p],
            kind=concepts.kind[p],
            matched_text=text[start:end],
            start=start,
            end=end,
            matched_label=matched_label,
            matched_field=matched_field,
            confidence=round(confidence, 3),
            method=method,
            occurrences=occurrences.get(p, 1),
        )
        for p, (confidence, start, end, matched_label, matched_field, method) in chosen
    )
    return TextSkillMatches(out, lexical.words, lexical.corrected, "semantic", "")
