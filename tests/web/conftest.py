"""Fixtures of the console's tests: a filed world, the console, a browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.support import Client, World, chrome, console_in_process, make_world


@pytest.fixture
def world(tmp_path: Path, dovecot: Any, database_url: str) -> World:
    return make_world(tmp_path, dovecot, database_url)


@pytest.fixture
def base(world: World) -> Iterator[str]:
    with console_in_process(world.config) as url:
        yield url


@pytest.fixture
def client(base: str) -> Client:
    return Client(base)


@pytest.fixture
def browser() -> Iterator[Any]:
    if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
        pytest.skip("需要 Debian 软件包 chromium 和 chromium-driver")
    driver = chrome()
    try:
        yield driver
    finally:
        driver.quit()
