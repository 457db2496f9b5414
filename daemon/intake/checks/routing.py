"""Routing (RULES.md 分解): which section handles a county item, and why.

Each section has weighted terms (the config's routing.terms, else the bundled
daemon/data/routing_terms.toml). A term found in the title counts TITLE_FACTOR times its
weight, once: the title states the subject. In the body it counts its weight per
occurrence up to BODY_CAP occurrences, so one word repeated throughout cannot outvote
several different words of another section. Terms are matched leftmost-longest over all
sections together, so 价格监测 is not also counted as 价格. A section's own item goes to
sections_to.

The terms' scores, as shares of their total, are added to what was learned from the
office's final routes (route_learning.py: a tempered naive Bayes posterior, times
routing.learned_weight). The highest sum wins; a tie or nothing at all goes to the
fallback (办公室). The reasons name the matched terms, and the earlier items behind a
learned score: 以往 12 条含“风电”“并网”的稿件分解至能源科.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from daemon.config import Settings, UnitSettings
from daemon.intake import route_learning
from daemon.intake.verdict import CheckContext, Verdict

NAME = "routing"
TITLE_FACTOR = 3
BODY_CAP = 3

Terms = Mapping[str, Mapping[str, float]]  # section -> term -> weight


@dataclass(frozen=True)
class TermMatch:
    term: str
    section: str
    weight: float
    count: int  # occurrences in title and body together


@dataclass(frozen=True)
class SectionScore:
    section: str
    score: float
    matches: tuple[TermMatch, ...]


@cache
def default_terms() -> Terms:
    text = resources.files("daemon.data").joinpath("routing_terms.toml").read_text("utf-8")
    return MappingProxyType(tomllib.loads(text))


@cache
def _term_pattern(terms: frozenset[str]) -> re.Pattern[str]:
    # Longest first, so the alternation takes the longest term at each position.
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))


def count_terms(text: str, terms: frozenset[str]) -> Counter[str]:
    if not terms:
        return Counter()
    return Counter(m.group(0) for m in _term_pattern(terms).finditer(text))


def score_routes(text: str, title: str, terms: Terms) -> list[SectionScore]:
    """Every section with a positive score, best first."""
    vocabulary = frozenset(t for section_terms in terms.values() for t in section_terms)
    in_title, in_body = count_terms(title, vocabulary), count_terms(text, vocabulary)
    scores = []
    for section, section_terms in terms.items():
        matches, score = [], 0.0
        for term, weight in section_terms.items():
            n_title, n_body = in_title[term], in_body[term]
            if n_title or n_body:
                score += weight * (TITLE_FACTOR * min(n_title, 1) + min(n_body, BODY_CAP))
                matches.append(TermMatch(term, section, weight, n_title + n_body))
        if score > 0:
            matches.sort(key=lambda m: (-m.weight * m.count, m.term))
            scores.append(SectionScore(section, score, tuple(matches)))
    scores.sort(key=lambda s: -s.score)
    return scores


def choose_route(scores: list[SectionScore], fallback: str) -> tuple[str, SectionScore | None]:
    """The winning section and its score, or the fallback on a tie or no match."""
    if not scores or (len(scores) > 1 and scores[0].score == scores[1].score):
        return fallback, None
    return scores[0].section, scores[0]


def _score_text(score: float) -> str:
    return f"{score:g}"


def _combined(
    scores: list[SectionScore], learned: list[route_learning.LearnedScore], weight: float
) -> list[tuple[str, float, float]]:
    """(section, terms' share, learned share) for every section either scores, best first.

    The terms' share is a section's score over all sections' scores; the learned share is
    the tempered posterior times ``weight``. Both lie in [0, 1], so they add up."""
    total = sum(s.score for s in scores)
    shares = {s.section: s.score / total for s in scores} if total else {}
    probabilities = {s.section: s.probability * weight for s in learned}
    combined = [(section, shares.get(section, 0.0), probabilities.get(section, 0.0))
                for section in dict.fromkeys([*shares, *probabilities])]
    return sorted(combined, key=lambda c: (-(c[1] + c[2]), c[0]))


def route_verdict(
    settings: Settings, unit: UnitSettings | None, title: str, body: str,
    learned: route_learning.RouteModel | None = None,
) -> Verdict:
    """The routing verdict on an item: also what a correction of title or body recomputes."""
    routing = settings.routing
    if unit is not None and unit.kind == "section":
        return Verdict(NAME, "section_item", (f"科室报送的信息，交{routing.sections_to}",),
                       data={"route": routing.sections_to, "terms": []})
    scores = score_routes(body, title, routing.terms or default_terms())
    model = learned if routing.learn else None
    learned_scores = route_learning.score(model, title, body)
    ranked = _combined(scores, learned_scores, routing.learned_weight)
    by_section = {s.section: s for s in scores}
    tied = len(ranked) > 1 and ranked[0][1] + ranked[0][2] == ranked[1][1] + ranked[1][2]
    if not ranked or tied:
        route = routing.fallback
        if scores:
            names = "、".join(s.section for s in scores if s.score == scores[0].score)
            reason = f"{names}得分并列（{_score_text(scores[0].score)} 分），交{route}"
        else:
            reason = f"未匹配到任何科室的关键词，交{route}"
        return Verdict(NAME, "fallback", (reason,), data={"route": route, "terms": []})
    route, term_share, learned_share = ranked[0]
    winner = by_section.get(route)
    reasons: list[str] = []
    if winner is not None:
        listed = "、".join(f"“{m.term}”{m.count}次" for m in winner.matches)
        reasons.append(f"分解至{route}（{_score_text(winner.score)} 分）：匹配{listed}")
    if model is not None and learned_share > 0 and (learned_share >= term_share or winner is None
                                                    or learned_share >= 0.5):
        text = route_learning.describe(model, route, title, body)
        if learned_share > term_share:
            reasons.insert(0, text)
        else:
            reasons.append(text)
    if len(scores) > 1 or (scores and scores[0].section != route):
        runner = next(s for s in scores if s.section != route)
        reasons.append(f"次高：{runner.section}（{_score_text(runner.score)} 分）")
    return Verdict(
        NAME,
        "routed",
        tuple(reasons),
        data={
            "route": route,
            "learned": round(learned_share, 3),
            "terms": [
                {"term": m.term, "section": m.section, "weight": m.weight, "count": m.count}
                for m in (winner.matches if winner is not None else ())
            ],
        },
    )


class RoutingCheck:
    name = NAME
    description = "分解：按标题和正文中的科室关键词得分，结合以往分解结果的学习，确定承办科室"

    def check(self, ctx: CheckContext) -> Verdict:
        return route_verdict(ctx.settings, ctx.unit, ctx.title, ctx.message.article.body,
                             ctx.learned)


CHECK = RoutingCheck()
