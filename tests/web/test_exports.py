"""导出 Excel on the console's five list pages, over HTTP to the real console: each workbook,
read back with openpyxl, holds exactly the rows its page lists under the same filters, is
named in Chinese, and is refused to whoever may not see the page."""

from __future__ import annotations

import html
import io
import re
from datetime import datetime, timedelta
from urllib.parse import quote

import openpyxl

from daemon.config import load_settings
from daemon.people_dates import day_text
from tests.support.mails import county_mail
from tests.web.support import ANDING_EMAIL, OFFICE_EMAIL, Client, Reply, World
from tests.workflow.office import CST

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGES = ("/items", "/scores", "/requests", "/outbox", "/messages")


def workbook(reply: Reply, title: str, ascii_title: str) -> dict[str, list[list[object]]]:
    """The export's sheets as rows below their header, after checking how it is served."""
    assert reply.status == 200, reply.body[:500]
    assert reply.headers["Content-Type"] == XLSX
    today = datetime.now(CST).date()
    name = f"{title}-{day_text(today)}.xlsx"
    assert reply.headers["Content-Disposition"] == (
        f"attachment; filename=\"{ascii_title}-{today.isoformat()}.xlsx\"; filename*=UTF-8''{quote(name)}")
    book = openpyxl.load_workbook(io.BytesIO(reply.data))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
            for sheet in book.worksheets}


def cells(page: str, pattern: str) -> list[tuple[str, ...]]:
    return [tuple(html.unescape(g or "") for g in m.groups()) for m in re.finditer(pattern, page, re.S)]


def export_link(page: str, path: str) -> str:
    found = re.search(rf'<a class="button export" href="({re.escape(path)}[^"]*)">导出 Excel</a>', page)
    assert found is not None, f"no 导出 Excel link to {path}"
    return html.unescape(found[1])


def register_request(office: Client, topic: str) -> None:
    office.get("/requests")
    today = datetime.now(CST).date()
    done = office.post("/requests", {"kind": "solicitation", "topic": topic, "units": "安定区",
                                     "issued": today.isoformat(),
                                     "due": (today + timedelta(days=10)).isoformat()})
    assert done.status == 303
    office.post("/requests", {"kind": "solicitation", "topic": topic + "（全市）", "units": "通渭县",
                              "issued": today.isoformat(), "due": (today + timedelta(days=10)).isoformat()})


def test_each_list_exports_the_rows_its_page_shows(world: World, client: Client) -> None:
    # an auto-reply in the ledger beside the two filed mails
    world.office.deliver((county_mail("anding.xxy1@example.org", "自动回复：收到", "您的来信已收到。",
                                      headers={"Auto-Submitted": "auto-replied"}),
                          datetime.now(CST) - timedelta(hours=1)))
    client.login(OFFICE_EMAIL)
    register_request(client, "一季度项目建设情况")

    # items, filtered to one unit: the page's numbers and titles, in its order
    page = client.get("/items?unit=%E5%AE%89%E5%AE%9A%E5%8C%BA").body
    link = export_link(page, "/items.xlsx")
    assert link == "/items.xlsx?unit=%E5%AE%89%E5%AE%9A%E5%8C%BA"
    shown = cells(page, r'<td><a href="/items/([^"]+)">[^<]+</a></td>\s*<td>([^<]*)</td>\s*'
                        r'<td class="title"><a [^>]+>([^<]*)</a>')
    assert [number for number, *_ in shown] == [world.anding]
    rows = workbook(client.get(link), "信息列表", "items")["信息"]
    assert [(r[0], r[1], r[2]) for r in rows] == shown

    # the scoreboard for a period: every unit's total as the page shows it
    year = str(datetime.now(CST).year)
    page = client.get(f"/scores?period={year}").body
    link = export_link(page, "/scores.xlsx")
    totals = dict(cells(page, r'<tr data-unit="([^"]+)">.*?<td class="num total"><b>(-?\d+)</b>'))
    assert len(totals) == len(load_settings(world.config).units) and "安定区" in totals
    book = workbook(client.get(link), f"积分统计-{year}年度", f"scores-{year}")
    assert {str(r[0]): str(r[7]) for r in book["积分"]} == totals
    people = cells(page, r"<tr><td>([^<]+)</td><td>([^<]+)</td><td class=\"num\">(-?\d+)</td></tr>")
    assert people and sorted((str(r[0]), str(r[1]), str(r[2])) for r in book["个人积分"]) == sorted(people)

    # requests: one row per unit of each request, newest first
    page = client.get("/requests").body
    listed = cells(page, r"<h3>〔([^〕]+)〕([^<]+)</h3>")
    units = cells(page, r"<tr><td>([^<]+)</td><td><span class=\"tag [a-z]+\">([^<]+)</span>")
    rows = workbook(client.get(export_link(page, "/requests.xlsx")), "约稿列表", "requests")["约稿"]
    assert [(r[0], r[1]) for r in rows] == listed and len(listed) == 2
    assert [(r[3], r[4]) for r in rows] == units

    # the outbox by state: the pending mails (acks, route notices, request notices); none sent
    page = client.get("/outbox?state=pending").body
    ids = [int(i) for (i,) in cells(page, r"<tr><td>(\d+)</td>")]
    assert len(ids) >= 4
    rows = workbook(client.get(export_link(page, "/outbox.xlsx")), "发件箱", "outbox")["发件"]
    assert [r[0] for r in rows] == ids
    assert {r[4] for r in rows} == {"待发送"} and "约稿通知" in {r[1] for r in rows}
    sent = client.get("/outbox?state=sent").body
    assert cells(sent, r"<tr><td>(\d+)</td>") == []
    assert workbook(client.get(export_link(sent, "/outbox.xlsx")), "发件箱", "outbox")["发件"] == []

    # the message ledger by disposition: the filed mails, not the auto-reply
    every = client.get("/messages").body
    page = client.get("/messages?disposition=filed").body
    pattern = r'<tr><td>\d+</td><td>[^<]+</td><td class="num">(\d+)</td>.*?<td>(?:<a [^>]+>([^<]+)</a>)?</td>'
    filed = cells(page, pattern)
    assert len(filed) == 2 and len(cells(every, pattern)) == 3
    rows = workbook(client.get(export_link(page, "/messages.xlsx")), "来信记录", "messages")["来信"]
    assert [(str(r[1]), r[4]) for r in rows] == filed
    assert {r[3] for r in rows} == {"已登记"} and {r[4] for r in rows} == {world.anding, world.tongwei}


def test_a_county_exports_its_own_lines_and_is_refused_the_office_lists(world: World,
                                                                       client: Client) -> None:
    office = Client(client.base)
    office.login(OFFICE_EMAIL)
    register_request(office, "二季度重点项目")
    client.login(ANDING_EMAIL)

    page = client.get("/items").body
    rows = workbook(client.get(export_link(page, "/items.xlsx")), "信息列表", "items")["信息"]
    assert [r[0] for r in rows] == [world.anding]

    page = client.get("/scores").body
    book = workbook(client.get(export_link(page, "/scores.xlsx")),
                    f"积分统计-{datetime.now(CST).year}年度", f"scores-{datetime.now(CST).year}")
    assert [r[0] for r in book["积分"]] == ["安定区"]

    page = client.get("/requests").body
    rows = workbook(client.get(export_link(page, "/requests.xlsx")), "约稿列表", "requests")["约稿"]
    assert [(r[1], r[3]) for r in rows] == [("二季度重点项目", "安定区")]
    assert "（全市）" not in page

    for path in ("/outbox", "/messages"):
        refused, export = client.get(path), client.get(f"{path}.xlsx")
        assert refused.status == export.status == 403
        why = re.search(r"<main>(.*)</main>", refused.body, re.S)
        assert why is not None and why[1] in export.body and "仅限" in why[1]

    logged_out = Client(client.base)
    for path in PAGES:
        assert logged_out.get(path).status == logged_out.get(f"{path}.xlsx").status == 303
        assert logged_out.get(f"{path}.xlsx").location.endswith("/login")


def test_the_items_export_holds_every_filtered_row_not_one_screenful(world: World, client: Client,
                                                                      monkeypatch) -> None:
    import daemon.web.items as items_page

    client.login(OFFICE_EMAIL)
    listed = cells(client.get("/items").body, r'<td><a href="/items/([^"]+)">')
    assert len(listed) >= 2
    monkeypatch.setattr(items_page, "PAGE_SIZE", 1)  # the console serves from this process
    page = client.get("/items").body
    assert len(cells(page, r'<td><a href="/items/([^"]+)">')) == 1
    rows = workbook(client.get(export_link(page, "/items.xlsx")), "信息列表", "items")["信息"]
    assert [(str(r[0]),) for r in rows] == listed
