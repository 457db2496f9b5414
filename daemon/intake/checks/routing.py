"""Routing (RULES.md 分解): which section handles a county item, and why.

Each section has weighted terms (the config's routing.terms, else the bundled
daemon/data/routing_terms.toml). A term found in the title counts TITLE_FACTOR times its
weight, once: the title states the subject. In the body it counts its weight per
occurrence up to BODY_CAP occurrences, so one word repeated throughout cannot outvote
several different words of another section. Terms are matched leftmost-longest over all
sections together, so 价格监测 is not also counted as 价格. The highest score wins; a tie
or no match goes to the fallback (办公室). A section's own item goes to sections_to.
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

from daemon.intake.verdict import CheckContext, Verdict

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


class RoutingCheck:
    name = "routing"
    description = "分解：按标题和正文中的科室关键词得分，确定承办科室"

    def check(self, ctx: CheckContext) -> Verdict:
        routing = ctx.settings.routing
        if ctx.unit is not None and ctx.unit.kind == "section":
            return Verdict(self.name, "section_item",
                           (f"科室报送的信息，交{routing.sections_to}",),
                           data={"route": routing.sections_to, "terms": []})
        terms = routing.terms or default_terms()
        scores = score_routes(ctx.message.article.body, ctx.title, terms)
        route, winner = choose_route(scores, routing.fallback)
        if winner is None:
            if scores:
                tied = "、".join(s.section for s in scores if s.score == scores[0].score)
                reason = f"{tied}得分并列（{_score_text(scores[0].score)} 分），交{route}"
            else:
                reason = f"未匹配到任何科室的关键词，交{route}"
            return Verdict(self.name, "fallback", (reason,), data={"route": route, "terms": []})
        listed = "、".join(f"“{m.term}”{m.count}次" for m in winner.matches)
        reasons = [f"分解至{route}（{_score_text(winner.score)} 分）：匹配{listed}"]
        if len(scores) > 1:
            reasons.append(f"次高：{scores[1].section}（{_score_text(scores[1].score)} 分）")
        return Verdict(
            self.name,
            "routed",
            tuple(reasons),
            data={
                "route": route,
                "terms": [
                    {"term": m.term, "section": m.section, "weight": m.weight, "count": m.count}
                    for m in winner.matches
                ],
            },
        )


CHECK = RoutingCheck()
