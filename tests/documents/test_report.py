"""``govinfo report``: files written, ``documents`` rows kept one per kind and period,
bulletin issues numbered once per new batch of adoptions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import docx
from sqlalchemy import select

from daemon.db import transaction
from daemon.models import Adoption, BulletinIssue, Document
from tests.documents.conftest import MakeEnv, add_item, adopt
from tests.support.env import govinfo


def test_bulletin_numbers_an_issue_per_new_batch(doc_env: MakeEnv, tmp_path: Path) -> None:
    env = doc_env()
    with transaction(env.factory) as session:
        for day in (3, 4):
            item = add_item(session, "安定区", datetime(2026, 9, day, 2, tzinfo=UTC),
                            title=f"安定区九月{day}日动态")
            adopt(session, item, "bulletin", date(2026, 9, day + 1))
        adopt(session, item, "portal", date(2026, 9, 6))  # not for the bulletin
    out = tmp_path / "out"
    first = govinfo(env.config, "report", "bulletin", "--period", "2026-09", "--out", str(out))
    assert first.returncode == 0, first.stderr
    [path] = first.stdout.split()
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "安定区九月3日动态" in text and "安定区九月4日动态" in text

    again = govinfo(env.config, "report", "bulletin", "--period", "2026-09", "--out", str(out))
    assert again.returncode == 0 and "未生成新一期简报" in again.stdout

    with transaction(env.factory) as session:
        late = add_item(session, "通渭县", datetime(2026, 9, 20, 2, tzinfo=UTC), title="通渭县动态")
        adopt(session, late, "bulletin", date(2026, 9, 21))
    second = govinfo(env.config, "report", "bulletin", "--period", "2026-09", "--out", str(out))
    assert second.returncode == 0, second.stderr
    second_text = "\n".join(p.text for p in docx.Document(second.stdout.strip()).paragraphs)
    assert "通渭县动态" in second_text and "安定区九月3日动态" not in second_text
    assert "第2期" in second_text

    with env.factory() as session:
        issues = session.scalars(select(BulletinIssue).order_by(BulletinIssue.number)).all()
        assert [i.number for i in issues] == [1, 2]
        assert all(i.document_id is not None for i in issues)
        used = session.scalars(select(Adoption).where(Adoption.outlet == "bulletin")).all()
        assert [a.bulletin_issue_id for a in used] == [issues[0].id, issues[0].id, issues[1].id]


def test_report_replaces_its_document_row_and_checks_the_period(doc_env: MakeEnv) -> None:
    env = doc_env()
    with transaction(env.factory) as session:
        add_item(session, "安定区", datetime(2026, 9, 3, 2, tzinfo=UTC))
    for _ in range(2):
        run = govinfo(env.config, "report", "monthly", "--period", "2026-09")
        assert run.returncode == 0, run.stderr
    path = Path(run.stdout.strip())
    assert path.parent == env.settings.storage_dir / "documents" and path.exists()
    with env.factory() as session:
        rows = session.scalars(select(Document).where(Document.kind == "monthly")).all()
        assert [(r.period, r.path) for r in rows] == [("2026-09", str(path))]

    shortfall = govinfo(env.config, "report", "shortfall", "--period", "2026-09")
    assert shortfall.returncode == 0
    with env.factory() as session:
        units = set(session.scalars(select(Document.unit).where(Document.kind == "shortfall")))
    assert "通渭县" in units and "安定区" in units  # one item of four

    bad = govinfo(env.config, "report", "monthly", "--period", "2026-13")
    assert bad.returncode == 2 and "期间格式应为" in bad.stderr + bad.stdout
    wrong = govinfo(env.config, "report", "annual", "--period", "2026-09")
    assert wrong.returncode == 2 and "年度考核通报的期间" in wrong.stderr + wrong.stdout
