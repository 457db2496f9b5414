"""Every concluding sentence checked against the table beside it, as a clerk would before
signing: on a year still open (December 1, 2026) and on a final one (January 4, 2027),
with the example's quotas and with quotas most units meet."""

from __future__ import annotations

import io
import re

import docx
import pytest

from daemon.config import Settings, load_settings
from daemon.paths import EXAMPLE_CONFIG
from tests.documents.samples import FINAL_DAY, OPEN_DAY, documents

# what only a final period may conclude
CONCLUSIONS = ("无一票否决单位", "实行一票否决：", "予以通报表扬", "评选结果", "先进科室", "优秀信息员",
               "均完成", "完成任务的单位", "考核结果的通报")


def lenient() -> Settings:
    settings = load_settings(EXAMPLE_CONFIG)
    quotas = settings.quotas.model_copy(update={
        "county_monthly_submissions": 1, "county_quarterly_adoptions": 1, "county_annual_submissions": 4,
        "county_annual_adoptions": 0, "section_annual": {"1": 1, "2": 1, "3": 1, "4": None}})
    return settings.model_copy(update={"quotas": quotas})


SETTINGS = {"example": load_settings(EXAMPLE_CONFIG), "lenient": lenient()}


class Read:
    """A document as the clerk reads it: its paragraphs and its tables' rows."""

    def __init__(self, data: bytes) -> None:
        document = docx.Document(io.BytesIO(data))
        self.paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
        self.tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
        self.text = "\n".join(self.paragraphs)

    def last_cells(self) -> dict[str, str]:
        """Unit (without its class) -> the last cell of its row, over every table."""
        out = {}
        for table in self.tables:
            column = table[0].index("单位")
            for row in table[1:]:
                out[re.sub(r"（.类）$", "", row[column])] = row[-1]
        return out

    def listed_after(self, lead: str) -> list[str]:
        """Units named at the start of the paragraphs after the one containing ``lead``."""
        start = next(i for i, p in enumerate(self.paragraphs) if lead in p) + 1
        names = []
        for paragraph in self.paragraphs[start:]:
            found = re.match(r"^(\S+?)(?:发展改革局)?：", paragraph)
            if found is None:
                break
            names.append(found.group(1))
        return names


def units_with(cells: dict[str, str], word: str) -> set[str]:
    return {unit for unit, cell in cells.items() if cell == word}


@pytest.fixture(scope="module", params=[(s, e) for s in SETTINGS for e in ("open", "final")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def built(request: pytest.FixtureRequest) -> tuple[str, dict[str, Read]]:
    settings_name, edition = request.param
    day = OPEN_DAY if edition == "open" else FINAL_DAY
    docs = documents(SETTINGS[settings_name], day)
    return edition, {kind: Read(document.to_bytes()) for kind, document in docs.items()}


def test_an_open_period_concludes_nothing(built: tuple[str, dict[str, Read]]) -> None:
    edition, docs = built
    for kind in ("monthly", "quarterly", "annual", "shortfall"):
        read = docs[kind]
        if edition == "open":
            assert "截至12月1日（阶段性统计）" in read.text, kind
            assert not [c for c in CONCLUSIONS if c in read.text], kind
            if kind in ("quarterly", "annual"):
                assert not {"完成", "未完成"} & set(read.last_cells().values()), kind
        else:
            assert "阶段性统计" not in read.text, kind


def test_quarterly_sentences_match_its_tables(built: tuple[str, dict[str, Read]]) -> None:
    edition, docs = built
    read = docs["quarterly"]
    cells = read.last_cells()
    if edition == "final":
        failing = units_with(cells, "未完成")
        if failing:
            assert set(read.listed_after("予以通报：")) == failing
        else:
            assert "本季度各单位均完成报送任务" in read.text
        praised = next((p for p in read.paragraphs if "予以通报表扬" in p), "")
        named = {re.sub("发展改革局$", "", n) for n in re.findall(r"([^、，中]+?)（\d+分）", praised)}
        assert named <= units_with(cells, "完成")
        assert "下季度" not in read.text  # a fourth quarter has no next quarter in the year
    else:
        behind = units_with(cells, "落后序时进度")
        if behind:
            assert set(read.listed_after("报送进度落后：")) == behind
        else:
            assert "各单位报送进度均达到序时进度" in read.text


def test_annual_sentences_match_its_tables(built: tuple[str, dict[str, Read]]) -> None:
    edition, docs = built
    read = docs["annual"]
    cells = read.last_cells()
    assert "下季度" not in read.text
    if edition == "final":
        failing = units_with(cells, "未完成")
        assert ("无一票否决单位" in read.text) is (not failing)
        if failing:
            assert set(read.listed_after("实行一票否决：")) == failing
        winners = next(p for p in read.paragraphs if p.startswith("（一）先进科室"))
        assert not {u for u in failing if u in winners}  # a vetoed unit is never awarded
    else:
        behind = units_with(cells, "落后序时进度")
        assert ("各单位年度任务进度均达到序时进度" in read.text) is (not behind)
        if behind:
            assert set(read.listed_after("落后于序时进度：")) == behind


def test_monthly_sentence_names_the_counties_short_in_its_table(built: tuple[str, dict[str, Read]]) -> None:
    _, docs = built
    read = docs["monthly"]
    counties = read.tables[0]
    progress = counties[0].index("任务进度")
    short = {row[0] for row in counties[1:]
             if int(row[progress].split("/")[0]) < int(row[progress].split("/")[1].split("（")[0])}
    summary = next(p for p in read.paragraphs if "本月" in p and "共报送信息" in p)
    named = {n for n in [r[0] for r in counties[1:]] if f"{n}发展改革局" in summary}
    assert named == short


def test_shortfall_counts_what_is_due(built: tuple[str, dict[str, Read]]) -> None:
    edition, docs = built
    text = docs["shortfall"].text
    if edition == "open":
        assert "按序时进度截至目前应完成" in text
        assert "（2026年12月）：任务4条，已完成0条" not in text  # December has only begun
    else:
        assert "尚差" in text
