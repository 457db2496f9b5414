"""``govinfo report``: files written, ``documents`` rows kept one per kind and period,
bulletin issues numbered once per new batch of adoptions."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from sqlalchemy import func, select

from daemon.cli import main
from daemon.db import transaction
from daemon.documents.generate import spreadsheet_path, write_report
from daemon.documents.tables import cell_text
from daemon.models import Adoption, BulletinIssue, Document, DocumentNumber
from daemon.scoring import parse_period
from tests.documents.conftest import DocEnv, MakeEnv, add_item, adopt
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

    shortfall = govinfo(env.config, "report", "shortfall", "--period", "2026-09", timeout=600)
    assert shortfall.returncode == 0
    with env.factory() as session:
        units = set(session.scalars(select(Document.unit).where(Document.kind == "shortfall")))
    assert "通渭县" in units and "安定区" in units  # one item of four

    bad = govinfo(env.config, "report", "monthly", "--period", "2026-13")
    assert bad.returncode == 2 and "期间格式应为" in bad.stderr + bad.stdout
    wrong = govinfo(env.config, "report", "annual", "--period", "2026-09")
    assert wrong.returncode == 2 and "年度考核通报的期间" in wrong.stderr + wrong.stdout


def run(env: DocEnv, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--config", str(env.config), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_future_period_is_refused(doc_env: MakeEnv, capsys: pytest.CaptureFixture[str]) -> None:
    env = doc_env()
    code, text = run(env, capsys, "report", "monthly", "--period", "2099-01")
    assert code == 2 and "2099年1月尚未开始" in text
    with env.factory() as session:
        assert session.scalar(select(func.count(Document.id))) == 0


def seed_quarter(env: DocEnv) -> None:
    with transaction(env.factory) as session:
        for month in (10, 11):
            for day in (3, 6, 9, 12, 15):
                item = add_item(session, "安定区", datetime(2026, month, day, 2, tzinfo=UTC))
                adopt(session, item, "portal", date(2026, month, day))
            add_item(session, "通渭县", datetime(2026, month, 3, 2, tzinfo=UTC))


def test_open_quarter_writes_a_provisional_notice_and_a_spreadsheet(doc_env: MakeEnv, tmp_path: Path) -> None:
    """On December 1 the fourth quarter is open: the notice says so, in its name and its
    heading; its .xlsx holds exactly the .docx tables' cells, one sheet per table."""
    env = doc_env()
    seed_quarter(env)
    with transaction(env.factory) as session:
        [path] = write_report(session, env.settings, "quarterly", parse_period("2026-Q4"),
                              date(2026, 12, 1), tmp_path)
    assert path.name == "政务信息报送工作情况通报2026年第四季度（截至12月1日阶段性统计）.docx"
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "截至12月1日（阶段性统计）" in text and "予以通报表扬" not in text
    # December has only begun: nobody is short of it
    assert "（2026年12月）" not in text
    book = openpyxl.load_workbook(spreadsheet_path(path))
    assert book.sheetnames == ["县区", "委机关科室"]
    for sheet, table in zip(book.worksheets, document.tables, strict=True):
        assert sheet.freeze_panes == "A2"
        cells = [[cell_text(c.value) for c in row] for row in sheet.iter_rows()]
        widest = max(2 * len(row[0]) for row in cells)  # unit names: two columns a character
        assert sheet.column_dimensions["A"].width == widest + 2
        assert cells == [[c.text for c in row.cells] for row in table.rows]
    counties = book["县区"]
    assert isinstance(counties["F2"].value, int) and counties["F2"].number_format == "0"  # 积分
    assert counties["B2"].number_format == "@"  # 5/4 stays text, never a date


def test_numbers_are_given_once_and_kept_by_their_document(doc_env: MakeEnv, tmp_path: Path) -> None:
    env = doc_env()
    seed_quarter(env)

    def number(path: Path) -> str:
        return next(p.text for p in docx.Document(str(path)).paragraphs if "〔" in p.text)

    with transaction(env.factory) as session:
        [q] = write_report(session, env.settings, "quarterly", parse_period("2026-Q3"), date(2026, 12, 1),
                           tmp_path)
        [q_again] = write_report(session, env.settings, "quarterly", parse_period("2026-Q3"),
                                 date(2026, 12, 1), tmp_path)
        [a] = write_report(session, env.settings, "annual", parse_period("2026"), date(2026, 12, 1), tmp_path)
        [a_next_day] = write_report(session, env.settings, "annual", parse_period("2026"),
                                    date(2026, 12, 2), tmp_path)
    assert number(q) == number(q_again) == "定发改办〔2026〕1号"  # the same final notice
    assert number(a) == "定发改办〔2026〕2号"
    assert number(a_next_day) == "定发改办〔2026〕3号"  # another provisional edition
    with env.factory() as session:
        rows = session.scalars(select(DocumentNumber).order_by(DocumentNumber.seq)).all()
        assert [(r.seq, r.kind, r.edition) for r in rows] == [
            (1, "quarterly", "final"), (2, "annual", "2026-12-01"), (3, "annual", "2026-12-02")]


def test_bulletin_prints_the_chosen_items_in_order(doc_env: MakeEnv, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    env = doc_env()
    with transaction(env.factory) as session:
        first = add_item(session, "安定区", datetime(2026, 11, 3, 2, tzinfo=UTC), title="安定区项目推进")
        second = add_item(session, "通渭县", datetime(2026, 11, 4, 2, tzinfo=UTC), title="通渭县招商引资")
        third = add_item(session, "陇西县", datetime(2026, 11, 5, 2, tzinfo=UTC), title="陇西县中药材")
        first.subject = "【动态】安定区项目推进（张三）麻烦领导审核一下，谢谢！"
        first.title = "安定区重点项目推进有力"  # corrected by the office: the print uses it
        for item in (first, second):
            adopt(session, item, "bulletin", date(2026, 11, 20))
        numbers = first.number, second.number, third.number
    code, text = run(env, capsys, "report", "bulletin", "--items", f"{numbers[1]},{numbers[2]}",
                     "--out", str(tmp_path))
    assert code == 1 and f"{numbers[2]} 尚未登记简报采用" in text
    code, text = run(env, capsys, "report", "bulletin", "--items", f"{numbers[1]},{numbers[0]}",
                     "--out", str(tmp_path))
    assert code == 0, text
    path = next(line for line in text.splitlines() if line.endswith(".docx"))
    printed = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert printed.index("通渭县招商引资") < printed.index("安定区重点项目推进有力")
    assert "【动态】" not in printed and "张三" not in printed and "麻烦领导" not in printed
    issued = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # printed the day it is written
    assert "报：市委办公室" in printed and "共印40份" in printed
    assert f"{issued.year}年{issued.month}月{issued.day}日印发" in printed
    code, text = run(env, capsys, "report", "bulletin", "--items", numbers[0], "--out", str(tmp_path))
    assert code == 1 and "已编入2026年第1期" in text


def test_score_of_an_open_year_decides_nothing_and_writes_its_spreadsheet(
        doc_env: MakeEnv, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = doc_env()
    seed_quarter(env)
    code, text = run(env, capsys, "score", "--period", "2026", "--today", "2026-12-01", "--json")
    result, _ = json.JSONDecoder().raw_decode(text[text.index("{"):])
    assert code == 0 and result["state"] == "open" and result["final"] is False
    assert all(u["vetoed"] is None for u in result["units"])
    assert all(w == [] for w in result["awards"].values())
    sheet = tmp_path / "score.xlsx"
    code, text = run(env, capsys, "score", "--period", "2026", "--today", "2026-12-01", "--xlsx", str(sheet))
    assert code == 0 and "不作否决和评先" in text and "一票否决" not in text
    book = openpyxl.load_workbook(sheet)
    assert book.sheetnames == ["积分", "个人积分"]
    rows = [[cell_text(c.value) for c in row] for row in book["积分"].iter_rows()]
    printed = [line.split() for line in text.splitlines()[1:1 + len(rows)]]
    assert rows[0] == printed[0] and [r[0] for r in rows[1:]] == [p[0] for p in printed[1:]]
    code, text = run(env, capsys, "score", "--period", "2099")
    assert code == 2 and "尚未开始" in text
