"""A person at the console in Chromium: the office records an adoption and sees the points;
a section head and a county officer meet the walls of their roles. The console is the real
`govinfo web` command; the items came in through Dovecot and `govinfo poll --once`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from daemon.paths import PROJECT_ROOT
from tests.web.support import ANDING_EMAIL, OFFICE_EMAIL, PASSWORD, PNG, World, console_command

DOCS = PROJECT_ROOT / "docs"


def log_in(browser: Any, base: str, email: str) -> None:
    browser.get(f"{base}/login")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login").click()
    WebDriverWait(browser, 20).until(lambda b: b.current_url == f"{base}/")


def screenshot(browser: Any, name: str) -> None:
    """The whole page, as wide as an office screen."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1366, min(max(height, 700), 2600))
    DOCS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(DOCS / name))
    browser.set_window_size(1366, 900)


def unit_total(browser: Any, base: str, unit: str) -> int:
    browser.get(f"{base}/scores")
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-unit="{unit}"] td.total')
    return int(row.text)


def cli_total(world: World, unit: str, period: str) -> int:
    board = json.loads(world.office.ok("score", "--period", period, "--json"))
    return next(u["points"]["total"] for u in board["units"] if u["unit"] == unit)


def test_the_office_records_a_bulletin_adoption_and_the_points_rise(world: World, browser: Any,
                                                                    tmp_path: Path) -> None:
    with console_command(world.config) as base:
        log_in(browser, base, OFFICE_EMAIL)
        assert "我的待办" in browser.title
        screenshot(browser, "console-queue.png")

        before = unit_total(browser, base, "安定区")
        year = browser.find_element(By.ID, "period").get_attribute("value")
        assert before == cli_total(world, "安定区", year)

        browser.get(f"{base}/items")
        browser.find_element(By.LINK_TEXT, world.anding).click()
        WebDriverWait(browser, 20).until(lambda b: b.current_url.endswith(f"/items/{world.anding}"))
        assert "企业开办" in browser.find_element(By.ID, "article").text
        assert "分解至" in browser.find_element(By.TAG_NAME, "main").text  # the routing reason

        shot = tmp_path / "简报采用截图.png"
        shot.write_bytes(PNG)
        Select(browser.find_element(By.ID, "outlet")).select_by_value("bulletin")
        browser.find_element(By.ID, "evidence").send_keys(str(shot))
        browser.find_element(By.ID, "do-adopt").click()
        flash = WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".flash"))
        assert "已登记" in flash[0].text and "《定西发展改革》简报" in flash[0].text, flash[0].text
        adoptions = browser.find_element(By.ID, "adoptions").text
        assert "被《定西发展改革》简报采用" in adoptions and "赵文博" in adoptions
        assert "赵文博" in browser.find_element(By.ID, "audit").text
        screenshot(browser, "console-item.png")

        after = unit_total(browser, base, "安定区")
        assert after == before + 5 == cli_total(world, "安定区", year)
        screenshot(browser, "console-scoreboard.png")

    detail = world.office.item(world.anding)
    assert [(a["outlet"], a["recorded_by"]) for a in detail["adoptions"]] == [("bulletin", "赵文博")]
    assert detail["evidence"][0]["filename"] == "简报采用截图.png"


def test_a_section_head_cannot_open_another_sections_item(world: World, browser: Any) -> None:
    with console_command(world.config) as base:
        log_in(browser, base, world.heads[world.anding])
        browser.get(f"{base}/items/{world.tongwei}")
        main = browser.find_element(By.TAG_NAME, "main").text
        assert "没有权限" in main and "不属于您负责的范围" in main
        browser.get(f"{base}/items/{world.anding}")
        assert browser.find_element(By.ID, "do-revise").is_displayed()
        assert not browser.find_elements(By.ID, "do-adopt")
        # his queue holds his section's item only
        browser.get(f"{base}/")
        queue = browser.find_element(By.TAG_NAME, "main").text
        assert world.anding in queue and world.tongwei not in queue


def test_a_county_officer_sees_only_his_county(world: World, browser: Any) -> None:
    with console_command(world.config) as base:
        log_in(browser, base, ANDING_EMAIL)
        browser.get(f"{base}/items")
        rows = browser.find_elements(By.CSS_SELECTOR, "table.grid tbody tr")
        assert rows and {row.find_elements(By.TAG_NAME, "td")[1].text for row in rows} == {"安定区"}
        assert world.tongwei not in browser.find_element(By.TAG_NAME, "main").text
        browser.get(f"{base}/items/{world.anding}")
        assert "本账号只读" in browser.find_element(By.CSS_SELECTOR, "aside").text
        assert not browser.find_elements(By.CSS_SELECTOR, "aside form")
        browser.get(f"{base}/items/{world.tongwei}")
        assert "没有权限" in browser.find_element(By.TAG_NAME, "main").text


def test_the_console_on_a_phone(world: World, browser: Any) -> None:
    """390 px wide: the page itself never scrolls sideways, a table scrolls inside its own box,
    a title wraps by several characters a line, not one, and 导出 Excel is in reach."""
    with console_command(world.config) as base:
        log_in(browser, base, OFFICE_EMAIL)
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        try:
            browser.get(f"{base}/items")
            page = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            assert page[0] <= page[1] == 390, page
            table = browser.execute_script(
                "const t = document.querySelector('table.grid'); return [t.scrollWidth, t.clientWidth]")
            assert table[0] > table[1], table  # wider than the screen: it scrolls sideways in its box
            lines, chars = browser.execute_script(
                "const a = document.querySelector('td.title a');"
                "const h = parseFloat(getComputedStyle(a).lineHeight);"
                "return [Math.round(a.getBoundingClientRect().height / h), a.textContent.trim().length]")
            assert chars >= 10 and lines <= chars / 6, (lines, chars)
            export = browser.find_element(By.LINK_TEXT, "导出 Excel")  # on the screen, not off its edge
            box = export.rect
            assert export.is_displayed() and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
            DOCS.mkdir(exist_ok=True)
            assert browser.save_screenshot(str(DOCS / "console-phone.png"))
            browser.get(f"{base}/items/{world.anding}")
            page = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            assert page[0] <= page[1], page
            title = browser.find_element(By.TAG_NAME, "h1")
            assert title.size["width"] > 300  # the heading spans the screen, not a column of characters
            assert browser.save_screenshot(str(DOCS / "console-phone-item.png"))
        finally:
            browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
