"""Every message of the peer corpus goes through parse_message without an exception."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from daemon.config import ParsingSettings
from daemon.parsing.message import parse_message
from daemon.parsing.model import UnparseableMessage

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "peer-mail"


def corpus_files() -> list[Path]:
    manifest = CORPUS / "MANIFEST.tsv"
    rows = manifest.read_text("utf-8").splitlines()[1:]
    return [CORPUS / row.split("\t", 1)[0] for row in rows if row.strip()]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"peer corpus not found at {CORPUS}")
def test_peer_corpus_never_raises(tmp_path: Path) -> None:
    settings = ParsingSettings()
    outcomes: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    failures: list[str] = []
    files = corpus_files()
    for path in files:
        try:
            parsed = parse_message(path.read_bytes(), settings, workdir=tmp_path)
        except UnparseableMessage as exc:
            outcomes[f"unparseable: {exc}"] += 1
            continue
        except Exception as exc:  # the point of the test: report every other exception
            failures.append(f"{path.relative_to(CORPUS)}: {exc.__class__.__name__}: {exc}")
            continue
        outcomes["parsed"] += 1
        statuses.update(a.status for a in parsed.attachments)
    print(f"\npeer corpus: {len(files)} messages")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    print("  attachment statuses:", dict(sorted(statuses.items())))
    assert len(files) >= 1700
    assert not failures, "\n".join(failures)
