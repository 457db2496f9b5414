"""The CLI's plain-text tables line up in a terminal, where a Chinese character takes two columns."""

from __future__ import annotations

from daemon.table import clip, render, width


def test_columns_start_at_the_same_display_column_whatever_the_script() -> None:
    rows = [["2026-0001", "安定区", "定西市召开重点项目建设推进会", 301],
            ["2026-10000", "Weiyuan", None, 12],
            ["2026-0003", "临洮县发展和改革局", "ABC", "—"]]
    lines = render(["编号", "单位", "标题", "字数"], rows).splitlines()
    assert len(lines) == 4
    cells = [["编号", "单位", "标题", "字数"], *[["" if v is None else str(v) for v in r] for r in rows]]
    for column in range(1, 4):
        starts = {width(line[: line.index(row[column])]) for line, row in zip(lines, cells, strict=True)
                  if row[column]}
        assert len(starts) == 1, (column, lines)
    assert all(line == line.rstrip() for line in lines)  # no trailing blanks


def test_clip_cuts_to_display_columns_and_marks_the_cut() -> None:
    title = "定西市发展和改革委员会关于做好政务信息工作的通知"
    clipped = clip(title, 20)
    assert clipped.endswith("…") and width(clipped) <= 20 and title.startswith(clipped[:-1])
    assert clip("短标题", 20) == "短标题"
