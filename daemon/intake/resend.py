"""Resends: the same unit sending the same or nearly the same article again.

A corrected version or a second send is linked to the earlier item and supersedes it,
so the quota and the points count the article once (RULES.md, Quotas).

Two texts are compared by the Dice coefficient of their sets of character bigrams,
whitespace and punctuation dropped: in Chinese a bigram is close to a word, and a set
comparison is linear where difflib's ratio is quadratic. Each filed item also keeps a
MinHash signature of its bigrams (:func:`signature`), so a unit's recent items are
screened by comparing 128 numbers each and only those that may be alike are read and
compared in full. The screen's margin makes a missed resend a many-sigma event.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

RESEND_RATIO = 0.85  # text similarity above which two articles are one article
TITLE_RATIO = 0.9  # titles this alike, with texts at least TITLE_TEXT_RATIO alike
TITLE_TEXT_RATIO = 0.5
SIGNATURE_HASHES = 128
# Screen out only what is estimated this far below the threshold. The estimate's standard
# error is at most 0.5/sqrt(128) = 0.044 in Jaccard terms, so 0.2 in Dice terms is > 4 sigma.
SCREEN_MARGIN = 0.2
_CHUNK = 4096  # bigrams hashed at once: bounds the temporary array to 4 MB
_NOISE = re.compile(r"[\s\u3000，。、；：！？“”‘’（）《》\-—…·,.;:!?\"'()]+")
_CODE_BITS = np.uint64(21)  # every code point is below 2**21
_HIGH_HALF = np.uint64(32)


def _hash_family() -> tuple[np.ndarray, np.ndarray]:
    """Multiply-shift hash constants, fixed forever: stored signatures must stay comparable."""
    words = np.frombuffer(
        hashlib.shake_256(b"govinfo resend minhash v1").digest(16 * SIGNATURE_HASHES), dtype="<u8"
    ).reshape(2, SIGNATURE_HASHES)
    return (words[0] | np.uint64(1))[:, None], words[1][:, None].copy()


_MULTIPLY, _ADD = _hash_family()


def _normal(text: str) -> str:
    return _NOISE.sub("", text)


def bigrams(text: str) -> np.ndarray:
    """The distinct character bigrams of ``text`` as integers; a lone character is its own."""
    codes = np.frombuffer(_normal(text).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if codes.size < 2:
        return codes
    return np.unique((codes[:-1] << _CODE_BITS) | codes[1:])


def dice(a: np.ndarray, b: np.ndarray) -> float:
    """2|A∩B| / (|A|+|B|) of two bigram sets; 0 when both are empty."""
    total = a.size + b.size
    return 2 * np.intersect1d(a, b, assume_unique=True).size / total if total else 0.0


def containment(part: np.ndarray, whole: np.ndarray) -> float:
    """|A∩B| / |A|: how much of ``part`` (an item's bigrams) is found in ``whole`` (a page
    that also carries other articles, where Dice would be diluted); 0 when ``part`` is empty."""
    return np.intersect1d(part, whole, assume_unique=True).size / part.size if part.size else 0.0


def signature(text: str) -> bytes:
    """The MinHash signature of ``text``'s bigrams: 128 little-endian uint32; empty text, b""."""
    shingles = bigrams(text)
    if shingles.size == 0:
        return b""
    low = np.full(SIGNATURE_HASHES, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, shingles.size, _CHUNK):
        chunk = shingles[None, start : start + _CHUNK]
        low = np.minimum(low, ((_MULTIPLY * chunk + _ADD) >> _HIGH_HALF).min(axis=1))
    return low.astype("<u4").tobytes()


@lru_cache(maxsize=1024)
def _title_bigrams(title: str) -> np.ndarray:
    # a new item's title meets each of up to 50 candidates: computed once
    return bigrams(title)


def _needed(title: str, old_title: str) -> tuple[float, float]:
    """(title similarity, text similarity the pair needs to count as one article)."""
    title_ratio = dice(_title_bigrams(title), _title_bigrams(old_title))
    return title_ratio, TITLE_TEXT_RATIO if title_ratio >= TITLE_RATIO else RESEND_RATIO


def worth_comparing(title: str, sig: bytes, old_title: str, old_sig: bytes | None) -> bool:
    """False only when the signatures show the texts are too unlike to be one article.

    An item filed before signatures existed (None) or an empty text cannot be screened.
    """
    if not sig or not old_sig or len(sig) != len(old_sig):
        return True
    same = np.count_nonzero(np.frombuffer(sig, "<u4") == np.frombuffer(old_sig, "<u4"))
    jaccard = same / SIGNATURE_HASHES
    estimate = 2 * jaccard / (1 + jaccard)
    if estimate < min(RESEND_RATIO, TITLE_TEXT_RATIO) - SCREEN_MARGIN:
        return False  # unlike whatever the titles: most pairs end here, titles unread
    return estimate >= _needed(title, old_title)[1] - SCREEN_MARGIN


def resend_reason(title: str, text: str, old_title: str, old_text: str) -> str | None:
    """Why the new article is a resend of the old one, in Chinese; None when it is not."""
    new_body, old_body = bigrams(text), bigrams(old_text)
    if not new_body.size and not old_body.size:
        head = _normal(title)
        return "标题相同" if head and head == _normal(old_title) else None
    title_ratio, needed = _needed(title, old_title)
    ratio = dice(new_body, old_body)
    if ratio >= RESEND_RATIO:
        return f"正文相似度 {ratio:.0%}"
    if ratio >= needed:
        return f"标题相似度 {title_ratio:.0%}，正文相似度 {ratio:.0%}"
    return None
