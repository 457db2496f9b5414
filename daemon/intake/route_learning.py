"""Routing that learns from the office: naive Bayes over character bigrams.

The office re-routes for reasons the configured terms cannot see (an item full of 新能源
words about the county's whole economy goes to 国民经济综合科). Each item's final route,
once a person has acted on it (a re-route, or the section taking the item on through the
review chain), is a labelled example. A binarised multinomial naive Bayes over the
hanzi bigrams of title and body, in pure Python (importing scikit-learn would cost the
daemon more than the whole fit), scores the sections; the routing check combines that
with the terms' scores. A section with fewer than ``min_examples`` examples gets no
learned score at all.

The model is immutable data: intake hands it to the pure decide() step per batch, as it
does the open requests; ``install`` swaps it when the nightly job retrains.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

ALPHA = 1.0  # Laplace smoothing
# The posterior is tempered by the number of bigrams (naive Bayes counts each bigram as
# independent evidence, so raw posteriors are near 0 or 1 even when it is wrong): one
# unit of temperature per TEMPER_BIGRAMS bigrams of the item.
TEMPER_BIGRAMS = 40
EVIDENCE_MIN_DOCS = 3  # a bigram quoted as evidence was seen in at least this many items
_HANZI_RUN = re.compile(r"[\u4e00-\u9fff]+")


def features(title: str, body: str) -> frozenset[str]:
    """The distinct hanzi bigrams of title and body (digits, Latin and punctuation split runs)."""
    found: set[str] = set()
    for run in _HANZI_RUN.findall(f"{title}\n{body}"):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(found)


@dataclass(frozen=True)
class RouteModel:
    """What was learned: per section, how many examples, and in how many of them each
    bigram occurs (with a bit mask of which ones, for the reasons)."""

    examples: Mapping[str, int]
    counts: Mapping[str, Mapping[str, int]]
    totals: Mapping[str, int]
    masks: Mapping[str, Mapping[str, int]]
    known: frozenset[str]  # every bigram seen in an example
    min_examples: int

    @property
    def vocabulary(self) -> int:
        return len(self.known)

    def eligible(self) -> list[str]:
        return sorted(s for s, n in self.examples.items() if n >= self.min_examples)


@dataclass(frozen=True)
class LearnedScore:
    section: str
    probability: float  # tempered posterior among the eligible sections


def train(examples: Iterable[tuple[str, str, str]], min_examples: int) -> RouteModel:
    """The model of (section, title, body) examples."""
    counts: dict[str, Counter[str]] = {}
    masks: dict[str, dict[str, int]] = {}
    numbers: Counter[str] = Counter()
    vocabulary: set[str] = set()
    for section, title, body in examples:
        bigrams = features(title, body)
        index = numbers[section]
        numbers[section] += 1
        counts.setdefault(section, Counter()).update(bigrams)
        section_masks = masks.setdefault(section, {})
        for bigram in bigrams:
            section_masks[bigram] = section_masks.get(bigram, 0) | (1 << index)
        vocabulary |= bigrams
    return RouteModel(
        examples=MappingProxyType(dict(numbers)),
        counts=MappingProxyType({s: MappingProxyType(dict(c)) for s, c in counts.items()}),
        totals=MappingProxyType({s: sum(c.values()) for s, c in counts.items()}),
        masks=MappingProxyType({
            s: MappingProxyType({b: m for b, m in ms.items() if counts[s][b] >= EVIDENCE_MIN_DOCS})
            for s, ms in masks.items()
        }),
        known=frozenset(vocabulary),
        min_examples=min_examples,
    )


def _log_likelihood(model: RouteModel, section: str, bigrams: Iterable[str]) -> float:
    counts, total = model.counts[section], model.totals[section]
    denominator = math.log(total + ALPHA * model.vocabulary)
    prior = math.log(model.examples[section] / sum(model.examples.values()))
    return prior + sum(math.log(counts.get(b, 0) + ALPHA) - denominator for b in bigrams)


def score(model: RouteModel | None, title: str, body: str) -> list[LearnedScore]:
    """The eligible sections' tempered posteriors, best first; [] when nothing is learned.

    Every section with examples takes part, so that an item of a section with too few
    examples to speak still draws the probability away from the others; only the
    eligible sections' shares are returned."""
    if model is None:
        return []
    eligible = set(model.eligible())
    if not eligible:
        return []
    sections = sorted(model.examples)
    bigrams = [b for b in features(title, body) if b in model.known]
    if not bigrams:
        return []
    temperature = max(1.0, len(bigrams) / TEMPER_BIGRAMS)
    logs = {s: _log_likelihood(model, s, bigrams) / temperature for s in sections}
    top = max(logs.values())
    weights = {s: math.exp(v - top) for s, v in logs.items()}
    total = sum(weights.values())
    ranked = [LearnedScore(s, w / total) for s, w in weights.items() if s in eligible]
    return sorted(ranked, key=lambda r: (-r.probability, r.section))


def evidence(model: RouteModel, section: str, title: str, body: str) -> tuple[int, tuple[str, ...]]:
    """(how many earlier items, which bigrams) say most for ``section`` in this item:
    the two most telling bigrams it shares with that section's examples, not overlapping."""
    masks = model.masks.get(section, {})
    others = [s for s in model.counts if s != section]
    other_total = sum(model.totals[s] for s in others)

    def telling(bigram: str) -> float:
        mine = (model.counts[section].get(bigram, 0) + ALPHA) / (model.totals[section] + ALPHA)
        theirs = (sum(model.counts[s].get(bigram, 0) for s in others) + ALPHA) / (other_total + ALPHA)
        return math.log(mine / theirs)

    ranked = sorted((b for b in features(title, body) if b in masks), key=lambda b: (-telling(b), b))
    chosen: list[str] = []
    for bigram in ranked:
        if chosen and (set(bigram) & set(chosen[0]) or not masks[chosen[0]] & masks[bigram]):
            continue
        chosen.append(bigram)
        if len(chosen) == 2:
            break
    if not chosen:
        return 0, ()
    mask = masks[chosen[0]]
    for bigram in chosen[1:]:
        mask &= masks[bigram]
    return mask.bit_count(), tuple(chosen)


def describe(model: RouteModel, section: str, title: str, body: str) -> str:
    """`以往 12 条含“风电”“并网”的稿件分解至能源科`."""
    number, bigrams = evidence(model, section, title, body)
    if not bigrams:
        return f"以往 {model.examples[section]} 条同类稿件分解至{section}"
    quoted = "".join(f"“{b}”" for b in bigrams)
    return f"以往 {number} 条含{quoted}的稿件分解至{section}"


# -- the model in force, swapped whole when retrained ------------------------------------

_lock = threading.Lock()
_current: RouteModel | None = None


def install(model: RouteModel | None) -> None:
    global _current
    with _lock:
        _current = model


def current() -> RouteModel | None:
    with _lock:
        return _current
