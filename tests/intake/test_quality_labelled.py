"""The quality pre-review against hand labels (tests/intake/quality_labelled.toml).

64 texts, split once by a seeded shuffle: the cue lists of ``[quality]`` were tuned on
the tuning half; the held-out half is reported and held to floors. Agreement is the
share of texts where the checklist says what the label says, per criterion. Run with
``-s`` for the figures and every disagreement.
"""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest

from daemon.config import Settings
from daemon.intake.quality import review

TEXTS = tomllib.loads((Path(__file__).parent / "quality_labelled.toml").read_text("utf-8"))["text"]
CRITERIA = ("situation", "analysis", "suggestion", "background", "case", "data", "language", "elements")
SETTINGS = Settings()
FLOOR = 0.8  # every criterion on the held-out half


def halves() -> tuple[list[dict], list[dict]]:
    order = list(range(len(TEXTS)))
    random.Random(20261202).shuffle(order)
    half = len(order) // 2
    return [TEXTS[i] for i in sorted(order[:half])], [TEXTS[i] for i in sorted(order[half:])]


def agreement(texts: list[dict]) -> dict[str, tuple[int, int, list[str]]]:
    """criterion -> (agreeing, labelled, ids that disagree)."""
    out: dict[str, tuple[int, int, list[str]]] = {}
    for entry in texts:
        result = review(entry["text"], entry["category"], None, SETTINGS.quality,
                        solicited=entry.get("solicited", False))
        said = {c.key: c.ok for c in result.criteria}
        for key in CRITERIA:
            if key not in entry["labels"]:
                continue
            agree, total, wrong = out.get(key, (0, 0, []))
            same = said[key] == entry["labels"][key]
            out[key] = (agree + same, total + 1, wrong if same else [*wrong, entry["id"]])
    return out


def _show(name: str, result: dict[str, tuple[int, int, list[str]]]) -> None:
    print(f"\n{name}:")
    for key, (agree, total, wrong) in result.items():
        print(f"  {key:<10} {agree}/{total} = {agree / total:.2f}  disagree: {' '.join(wrong) or '-'}")


def test_the_labelled_set_is_large_and_varied() -> None:
    assert len(TEXTS) >= 60 and len({t["id"] for t in TEXTS}) == len(TEXTS)
    for key in CRITERIA[:-1]:  # each criterion has texts that meet it and texts that do not
        values = {t["labels"][key] for t in TEXTS}
        assert values == {True, False}, key


@pytest.mark.parametrize("key", CRITERIA)
def test_held_out_agreement_per_criterion(key: str) -> None:
    tuning, held_out = halves()
    if key == CRITERIA[0]:
        _show("tuning", agreement(tuning))
        _show("held-out", agreement(held_out))
    agree, total, wrong = agreement(held_out)[key]
    assert agree / total >= FLOOR, f"{key}: {agree}/{total}, disagree {wrong}"
