"""Skills named in a pasted paragraph (a CV or a job ad), found by ESCO preferred and
alternative labels, offered as candidates for the person to confirm.

How a phrase is found
---------------------
Text and labels are normalised the same way: lower case, words split at punctuation and
hyphens (``C++``, ``C#`` keep their signs), each word reduced by a light English
stemmer (``manage``/``managing``/``managed`` → ``manag``, ``budget``/``budgets`` →
``budget``, ``organize`` → ``organis``), and a label's parenthesised qualifier dropped
(``Python (computer programming)`` → ``Python``). A label matches where its words occur
in order inside one sentence or bullet, with at most :data:`MAX_SKIPPED` small
function words in between ("managed *the* budgets", "performed *a* risk analysis") and
at most one coordinated word ("managed budgets *and* staff" → "manage staff").

*Fuzzy*: a word of the text that no label uses (a typo such as "budjets") is replaced by
the closest label word when their similarity (rapidfuzz ratio) is at least
:data:`FUZZY_WORD_SCORE`; phrases found that way need at least one exact word and get a
lower confidence.

*Confidence* (0–1) starts at 1.0 for a preferred label and 0.9 for an alternative
label, × 0.95 per skipped function word, × 0.85 for a coordinated word, × the fuzzy
word's similarity (× 0.9), × 0.75 for a one-word label. Candidates below
``min_confidence`` are dropped.

Junk is kept out: a one-word label must be distinctive — at least three characters and
used in fewer than :data:`GENERIC_DESCRIPTION_SHARE` of ESCO's skill descriptions (so
"plan", "history" or "reporting" never match on their own, "Python" or "Kanban" do), and
an ordinary lower-case word only stands alone when no content word touches it ("cloud
migration projects" is not the concept "migration");
an all-capital acronym of three letters must appear in capitals; phrases made only of
function words are ignored; and a match whose words are all inside a longer match
("project management" inside "performed project management") gives way to it.

Each concept appears once, at its best occurrence, in the order of the text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import NodeKind, Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.store_cache import per_store

__all__ = [
    "TextSkillCandidate",
    "TextSkillMatches",
    "match_free_text",
    "lexical_matches",
    "check_text",
    "DEFAULT_MIN_CONFIDENCE",
    "normalise_words",
    "content_stems",
    "stem",
    "MAX_TEXT_LENGTH",
    "MAX_SKIPPED",
    "FUZZY_WORD_SCORE",
    "GENERIC_DESCRIPTION_SHARE",
]

#: Longest text accepted (characters): about a page. Longer texts are refused with a
#: message (split a CV into its sections): the matcher's cost grows with the text, and a
#: server shared by many people must not spend seconds of CPU on one request.
MAX_TEXT_LENGTH = 5_000
#: Default ``min_confidence`` of :func:`match_free_text`: candidates below it are dropped.
DEFAULT_MIN_CONFIDENCE = 0.5
#: Function words that may sit between the words of a label.
MAX_SKIPPED = 2
#: Minimum rapidfuzz ratio (0–100) for a misspelt word to stand for a label word.
FUZZY_WORD_SCORE = 80.0
#: A one-word label whose word occurs in at least this share of skill descriptions is too
#: generic to be matched on its own.
GENERIC_DESCRIPTION_SHARE = 0.002

_STOPWORDS = frozenset(
    """a an the of for to and or in on at with by from as into onto our my their his her its
    your this that these those all any each per via within across over under about both
    new key several various multiple""".split()
)
_CONJUNCTIONS = frozenset({"and", "or", ","})
_IRREGULAR = {
    "analyses": "analysis",
    "led": "lead",
    "ran": "run",
    "built": "build",
    "wrote": "write",
    "written": "write",
    "taught": "teach",
    "bought": "buy",
    "sold": "sell",
    "children": "child",
    "people": "person",
    "staffs": "staff",
    "use": "us",
    "used": "us",
    "using": "us",
}
# A word: letters/digits, optionally with + or # (C++, C#); an apostrophe inside a word
# (client's) stays with it.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?(?:\+\+|#)?")
# Sentence or list boundaries: a phrase never spans them.
_BOUNDARY = re.compile(r"\.(?=\s|$)|[;:!?()\[\]{}•·▪●◦|]|\n|\r|\t|\s[-–—*]\s")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_VOWEL = re.compile(r"[aeiouy]")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English stem of one word (lower-cased), the same for text and labels.

    Examples
    --------
    >>> [stem(w) for w in ("manage", "managing", "managed", "manages")]
    ['manag', 'manag', 'manag', 'manag']
    >>> [stem(w) for w in ("budget", "budgets", "planning", "organize", "analyses")]
    ['budget', 'budget', 'plan', 'organis', 'analysis']
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    w = re.sub(r"iz(e|es|ed|ing|ation|ations)$", r"is\1", w)
    stripped = False
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ing") and len(w) >= 6 and _VOWEL.search(w[:-3]):
        w, stripped = w[:-3], True
    elif w.endswith("ed") and len(w) >= 5 and _VOWEL.search(w[:-2]):
        w, stripped = w[:-2], True
    elif w.endswith("es") and len(w) >= 5 and (w[-3] in "sxz" or w[-4:-2] in ("ch", "sh")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) >= 4:
        w = w[:-1]
    if stripped and len(w) >= 3 and w[-1] == w[-2] and w[-1] not in "lsfz":
        w = w[:-1]  # planning → plann → plan
    if w.endswith("e") and len(w) >= 3:
        w = w[:-1]
    return w


def normalise_words(text: str) -> list[str]:
    """The stems of the words of ``text``, in order (no boundaries)."""
    return [stem(m.group()) for m in _WORD.finditer(text)]


_STOP_STEMS = frozenset(stem(w) for w in _STOPWORDS)


def content_stems(text: str) -> list[str]:
    """The stems of the words of ``text`` that are not function words, in order.

    Examples
    --------
    >>> content_stems("Managing the budgets of a store")
    ['manag', 'budget', 'stor']
    """
    return [s for s in normalise_words(text) if s not in _STOP_STEMS]


@dataclass(frozen=True, slots=True)
class TextSkillCandidate:
    """A skill or knowledge concept named in the text, for the person to confirm.

    ``start``/``end`` are character offsets of ``matched_text`` in the text;
    ``matched_label`` is the ESCO label or alternative label it matched
    (``matched_field``: ``label`` or ``alt_label``; ``meaning`` when it was found by
    meaning alone, ``matched_label`` then being the preferred label); ``method`` is
    ``exact``, ``inflected`` (same stems, other word forms or skipped function words),
    ``fuzzy`` or ``meaning``.
    """

    id: str
    label: str
    kind: str  # Skill | Knowledge
    matched_text: str
    start: int
    end: int
    matched_label: str
    matched_field: str
    confidence: float
    method: str
    occurrences: int = 1


@dataclass(frozen=True)
class TextSkillMatches:
    """Every candidate found in one text, in the order of the text.

    ``method`` is ``semantic`` (by meaning and wording) or ``lexical`` (wording only: no
    model installed, or its embeddings are being prepared — ``notice`` then says so).
    """

    candidates: tuple[TextSkillCandidate, ...]
    words: int  # words read
    corrected: tuple[tuple[str, str], ...] = ()  # (word in the text, label word it was read as)
    method: str = "lexical"
    notice: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.candidates)


# -- the index ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Phrase:
    concept_id: str
    label: str  # preferred label of the concept
    text: str  # the label text that is matched
    field: str
    kind: str
    words: int
    single_case: str  # for one-word acronyms: the form that must appear ('' = any case)


@dataclass
class _Index:
    trie: dict = field(default_factory=dict)  # stem → (children, [phrases ending here])
    vocabulary: list[str] = field(default_factory=list)  # every stem used by a label
    vocabulary_set: frozenset[str] = frozenset()


_END = "\x00"


def _label_variants(text: str) -> list[str]:
    variants = [text]
    if "(" not in text:
        return variants
    bare = _PARENTHESIS.sub("", text).strip()
    if bare and bare != text:
        variants.append(bare)
    return variants


def _build_index(store: GraphStore, source: str | None) -> _Index:
    entries = [e for e in store.skill_search_entries() if source is None or e.source == source]
    concept_ids = sorted({e.id for e in entries})
    props = store.nodes(concept_ids)
    # How generic each stem is: the share of skill descriptions using it.
    df: Counter[str] = Counter()
    described = 0
    for concept in props.values():
        description = concept.get("description") or ""
        if description:
            described += 1
            df.update(set(map(stem, _WORD.findall(description))))
    generic_limit = max(2.0, GENERIC_DESCRIPTION_SHARE * described)
    index = _Index()
    vocabulary: set[str] = set()
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for entry in entries:
        concept = props.get(entry.id)
        if concept is None:
            continue
        kind = concept.get("kind", NodeKind.SKILL.value)
        for text in _label_variants(entry.text):
            words = _WORD.findall(text)
            stems = tuple(map(stem, words))
            if not stems or all(s in _STOP_STEMS for s in stems):
                continue
            single_case = ""
            if len(stems) == 1:
                word = words[0]
                letters = sum(c.isalpha() for c in word)
                if len(word) < 3 or (letters == len(word) and df[stems[0]] >= generic_limit):
                    continue
                if word.isupper() and letters == len(word) and len(word) <= 3:
                    single_case = word
            key = (entry.id, stems)
            if key in seen:
                continue
            seen.add(key)
            vocabulary.update(stems)
            node = index.trie
            for s in stems:
                node = node.setdefault(s, {})
            node.setdefault(_END, []).append(_Phrase(entry.id, entry.label, text, entry.field, kind, len(stems), single_case))
    index.vocabulary = sorted(vocabulary)
    index.vocabulary_set = frozenset(vocabulary)
    return index


_index = per_store(_build_index)


# -- reading the text ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    text: str
    stem: str
    start: int
    end: int
    clause: int
    fuzzy_score: float = 100.0  # < 100: the stem was corrected from a misspelling


def _tokens(text: str) -> list[_Token]:
    """Words (and commas, for coordination) with their clause number."""
    boundaries = [m.start() for m in _BOUNDARY.finditer(text)]
    commas = [m.start() for m in re.finditer(",", text)]
    tokens: list[_Token] = []
    b = c = clause = 0
    for m in _WORD.finditer(text):
        while b < len(boundaries) and boundaries[b] < m.start():
            clause += 1
            b += 1
        while c < len(commas) and commas[c] < m.start():
            tokens.append(_Token(",", ",", commas[c], commas[c] + 1, clause))
            c += 1
        tokens.append(_Token(m.group(), stem(m.group()), m.start(), m.end(), clause))
    return tokens


def _correct(tokens: list[_Token], index: _Index) -> list[tuple[str, str]]:
    """Replace misspelt words by the closest label word (in place); returns the changes."""
    changes = []
    unknown = sorted({t.stem for t in tokens if len(t.stem) >= 6 and t.stem.isalpha() and t.stem not in index.vocabulary_set})
    fixes: dict[str, tuple[str, float]] = {}
    for word in unknown:
        best = process.extractOne(word, index.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_WORD_SCORE)
        # Same first letter: typos rarely hit it, and "eight" must not become "height".
        if best is not None and best[0][0] == word[0] and abs(len(best[0]) - len(word)) <= 2:
            fixes[word] = (best[0], float(best[1]))
    for token in tokens:
        fix = fixes.get(token.stem)
        if fix is not None:
            changes.append((token.text, fix[0]))
            token.stem, token.fuzzy_score = fix
    return list(dict.fromkeys(changes))


@dataclass(slots=True)
class _Hit:
    phrase: _Phrase
    used: tuple[int, ...]  # token positions that matched label words
    skipped: int
    coordinated: int


def _walk(tokens: list[_Token], start: int, index: _Index) -> list[_Hit]:
    """Every phrase of the trie that starts at token ``start``."""
    first = tokens[start]
    node = index.trie.get(first.stem)
    if node is None or first.stem == ",":
        return []
    hits: list[_Hit] = []
    clause = first.clause
    lead = first.text.lower()
    coordinated_ok = lead.endswith(("ed", "ing")) or start == 0 or tokens[start - 1].clause != clause
    # Depth-first over (node, next token, used, skipped, coordinated).
    stack = [(node, start + 1, (start,), 0, 0)]
    while stack:
        node, j, used, skipped, coordinated = stack.pop()
        for phrase in node.get(_END, ()):
            hits.append(_Hit(phrase, used, skipped, coordinated))
        if j >= len(tokens) or tokens[j].clause != clause:
            continue
        token = tokens[j]
        child = node.get(token.stem)
        if child is not None and token.stem != ",":
            stack.append((child, j + 1, (*used, j), skipped, coordinated))
        if token.stem in _STOP_STEMS and skipped < MAX_SKIPPED and token.stem not in _CONJUNCTIONS:
            stack.append((node, j + 1, used, skipped + 1, coordinated))
        # "Managed budgets and staff": after a leading verb (first word of its clause, or
        # a form in -ed/-ing), skip one word followed by and / or / a comma.
        if (
            coordinated_ok
            and not coordinated
            and len(used) == 1
            and token.stem not in _STOP_STEMS
            and token.stem != ","
            and j + 2 < len(tokens)
            and tokens[j + 1].stem in _CONJUNCTIONS
            and tokens[j + 2].clause == clause
        ):
            k = j + 2
            if tokens[k].stem in _CONJUNCTIONS:  # ", and"
                k += 1
            if k < len(tokens) and tokens[k].clause == clause:
                stack.append((node, k, used, skipped, coordinated + 1))
    return hits


def _inside_compound(tokens: list[_Token], i: int) -> bool:
    """An ordinary lower-case word with a content word right before or after it is part of
    a longer term ("cloud migration projects"), not the one-word concept on its own."""
    word = tokens[i].text
    if word != word.lower() or not word.isalpha():
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and tokens[j].clause == tokens[i].clause:
            if tokens[j].stem != "," and tokens[j].stem not in _STOP_STEMS:
                return True
    return False


def _confidence(hit: _Hit, tokens: list[_Token]) -> tuple[float, str]:
    phrase = hit.phrase
    value = 1.0 if phrase.field == "label" else 0.9
    value *= 0.95**hit.skipped * 0.8**hit.coordinated
    fuzzy = [tokens[i].fuzzy_score for i in hit.used if tokens[i].fuzzy_score < 100.0]
    for score in fuzzy:
        value *= 0.9 * score / 100.0
    if phrase.words == 1:
        # A name (Python, PRINCE2, C#) is safer alone than an ordinary word.
        word = tokens[hit.used[0]].text
        value *= 0.75 if (word != word.lower() or not word.isalpha()) else 0.6
    if fuzzy:
        method = "fuzzy"
    else:
        exact = " ".join(tokens[i].text.lower() for i in hit.used)
        label_words = " ".join(m.group().lower() for m in _WORD.finditer(_PARENTHESIS.sub("", phrase.text)))
        method = "exact" if exact == label_words and not hit.skipped and not hit.coordinated else "inflected"
    return round(value, 3), method


def match_free_text(
    store: GraphStore,
    text: str,
    *,
    source: str | None = Source.ESCO,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    limit: int = 100,
    semantic: bool | None = None,
) -> TextSkillMatches:
    """Skills and knowledge concepts named in ``text`` (a CV paragraph or a job ad).

    Parameters
    ----------
    store : GraphStore
    text : str
        What the person pasted (at most :data:`MAX_TEXT_LENGTH` characters).
    source : {"ESCO", "O*NET"} or None
        Labels of this taxonomy only (ESCO by default; None: both).
    min_confidence : float
        Drop candidates below this confidence (0–1; see the module docstring).
    limit : int
        At most this many candidates (1–500), the most confident kept, in text order.
    semantic : bool, optional
        True: find skills by meaning too (:mod:`skillgraph.queries.text_skills`; the
        embeddings are built if missing); False: by their labels only (this module);
        None (default): by meaning when the language model is installed and its
        embeddings are not being built in the background right now
        (:func:`skillgraph.queries.embeddings.embeddings_for_query`).

    Returns
    -------
    TextSkillMatches
        Candidates in the order of the text, one per concept; ``method`` says which
        matcher found them.

    Raises
    ------
    InvalidArgumentError
        Empty or over-long text, or a parameter out of range.

    Examples
    --------
    >>> found = match_free_text(store, "Managed budgets of up to EUR 2m and performed risk analysis.")  # doctest: +SKIP
    >>> [c.label for c in found.candidates]  # doctest: +SKIP
    ['manage budgets', 'perform risk analysis']
    """
    check_text(text)
    if source not in (None, Source.ESCO, Source.ONET):
        raise InvalidArgumentError(f"source must be ESCO, O*NET or None, got {source!r}")
    if not isinstance(min_confidence, (int, float)) or not 0.0 <= min_confidence <= 1.0:
        raise InvalidArgumentError(f"min_confidence must be between 0 and 1, got {min_confidence!r}")
    if not isinstance(limit, int) or not 1 <= limit <= 500:
        raise InvalidArgumentError(f"limit must be an integer from 1 to 500, got {limit!r}")
    from skillgraph.queries.embeddings import embedding_status, embeddings_for_query

    embeddings = embeddings_for_query(store, semantic)
    if embeddings is not None:
        from skillgraph.queries.text_skills import match_by_meaning

        return match_by_meaning(store, embeddings, text, source=source, min_confidence=min_confidence, limit=limit)
    found = lexical_matches(store, text, source=source, min_confidence=min_confidence, limit=limit)
    notice = ""
    if semantic is None:
        status = embedding_status(store)
        if status.state == "building":
            notice = "Matching by meaning is being prepared (a one-time step of a few minutes); these skills were found by their wording."
    return TextSkillMatches(found.candidates, found.words, found.corrected, "lexical", notice)


def check_text(text: str) -> None:
    """Raise InvalidArgumentError unless ``text`` is a non-empty string of at most :data:`MAX_TEXT_LENGTH` characters."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidArgumentError("Paste some text first: a CV paragraph or a job advertisement")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidArgumentError(
            f"The text has {len(text):,} characters; paste at most {MAX_TEXT_LENGTH:,} at a time (about a page): "
            "split a longer CV into its sections"
        )


def lexical_matches(
    store: GraphStore,
    text: str,
    *,
    source: str | None = Source.ESCO,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    limit: int = 100,
) -> TextSkillMatches:
    """The lexical matcher alone (labels and alternative labels, see the module docstring);
    arguments as :func:`match_free_text`, already checked."""
    index = _index(store, source)
    tokens = _tokens(text)
    corrected = _correct(tokens, index)
    hits: list[tuple[_Hit, float, str]] = []
    for i in range(len(tokens)):
        for hit in _walk(tokens, i, index):
            phrase = hit.phrase
            if phrase.single_case and tokens[hit.used[0]].text != phrase.single_case:
                continue
            if phrase.words == 1 and _inside_compound(tokens, hit.used[0]):
                continue
            if any(tokens[j].fuzzy_score < 100.0 for j in hit.used) and (
                phrase.words < 2 or all(tokens[j].fuzzy_score < 100.0 for j in hit.used)
            ):
                continue  # a fuzzy phrase needs an exact word beside the corrected one
            confidence, method = _confidence(hit, tokens)
            if confidence >= min_confidence:
                hits.append((hit, confidence, method))
    # A match whose words all lie inside a longer match gives way to it; where one
    # concept's preferred label covers exactly these words, alternative labels of other
    # concepts on the same words give way too ("manage staff" is also an alt label of
    # "manage personnel").
    used_sets = [frozenset(h.used) for h, _, _ in hits]
    by_preferred = {used for (h, _, _), used in zip(hits, used_sets, strict=True) if h.phrase.field == "label"}
    kept = [
        item
        for item, used in zip(hits, used_sets, strict=True)
        if not any(used < other for other in used_sets) and (item[0].phrase.field == "label" or used not in by_preferred)
    ]
    best: dict[str, tuple[_Hit, float, str]] = {}
    for hit, confidence, method in kept:
        concept = hit.phrase.concept_id
        current = best.get(concept)
        if current is None or (confidence, -hit.used[0]) > (current[1], -current[0].used[0]):
            best[concept] = (hit, confidence, method)
    # Several label texts of one concept can match the same words: count places, not texts.
    occurrences = {c: len({h.used[0] for h, _, _ in kept if h.phrase.concept_id == c}) for c in best}
    chosen = sorted(best.values(), key=lambda t: (-t[1], t[0].used[0], t[0].phrase.label.lower()))[:limit]
    candidates = []
    for hit, confidence, method in sorted(
        chosen, key=lambda t: (t[0].used[0], -t[1], t[0].phrase.label.lower(), t[0].phrase.concept_id)
    ):
        start, end = tokens[hit.used[0]].start, tokens[hit.used[-1]].end
        candidates.append(
            TextSkillCandidate(
                id=hit.phrase.concept_id,
                label=hit.phrase.label,
                kind=hit.phrase.kind,
                matched_text=text[start:end],
                start=start,
                end=end,
                matched_label=hit.phrase.text,
                matched_field=hit.phrase.field,
                confidence=confidence,
                method=method,
                occurrences=occurrences[hit.phrase.concept_id],
            )
        )
    words = sum(1 for t in tokens if t.stem != ",")
    return TextSkillMatches(tuple(candidates), words, tuple(corrected))
