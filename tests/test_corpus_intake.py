"""Mail nobody here wrote: every peer-corpus message through the whole intake.

Each one must end filed, duplicate, ignored or quarantined with a reason, with no exception
escaping, and the ledger must account for every message exactly once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from daemon.config import load_settings
from daemon.db import make_engine, session_factory, upgrade
from daemon.intake.reader import Intake, ReadOptions
from daemon.mailbox.base import FetchedMessage
from daemon.models import Item, Message
from tests.support.env import write_config

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "peer-mail"
ARRIVAL = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


class FileSource:
    """The corpus files as a mailbox: UID n is the n-th file in sorted path order."""

    name = "corpus"

    def __init__(self, files: list[Path]) -> None:
        self.files = files

    def open(self) -> int:
        return 1

    def uids(self) -> list[int]:
        return list(range(1, len(self.files) + 1))

    def dates(self, uids: Iterable[int]) -> dict[int, datetime]:
        return dict.fromkeys(uids, ARRIVAL)

    def fetch(self, uids: list[int]) -> Iterator[FetchedMessage]:
        for uid in uids:
            yield FetchedMessage(uid, ARRIVAL, self.files[uid - 1].read_bytes())

    def wait(self, timeout: float, stop: threading.Event) -> None:
        stop.wait(timeout)

    def close(self) -> None:
        pass


@pytest.mark.skipif(not CORPUS.is_dir(), reason="peer-mail corpus not beside the repository")
def test_peer_corpus_through_intake(tmp_path, database_url):
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in ("MANIFEST.tsv",
                                                                                  "README.md"))
    settings = load_settings(write_config(tmp_path, database_url))
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = session_factory(engine)
    source = FileSource(files)
    Intake(settings, factory).read_pass(source, source.open(), ReadOptions(name="corpus"))

    with factory() as session:
        rows = session.scalars(select(Message)).all()
        items = session.scalars(select(Item)).all()
    dispositions = Counter(r.disposition for r in rows)
    reasons = Counter((r.reason or "").split(":")[0] for r in rows if r.disposition != "filed")
    print(f"\npeer corpus through intake: {len(files)} messages -> {dict(dispositions)}")
    print("reasons:", dict(reasons.most_common()))
    engine.dispose()

    assert sorted(r.uid for r in rows) == source.uids()  # each exactly once
    assert set(dispositions) <= {"filed", "duplicate", "ignored", "quarantined"}
    assert all(r.reason for r in rows if r.disposition != "filed")
    # only mail with no header block at all is quarantined: nothing else may crash intake
    assert {r.reason.split(":")[0] for r in rows if r.disposition == "quarantined"} <= {
        "UnparseableMessage"
    }
    assert len(items) == dispositions["filed"]
    # the raw bytes of every message are kept, the quarantined ones included
    store = settings.storage_dir / "raw"
    assert all((store / r.sha256[:2] / f"{r.sha256}.eml").exists() for r in rows)
