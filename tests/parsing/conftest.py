"""Fixtures for the parsing tests: settings, and Office files made once by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from daemon.config import ParsingSettings
from tests.parsing.builders import make_docx

ARTICLE_PARAGRAPHS = [
    "安定区加快推进重点项目建设",
    "安定区发展改革局 张三 李四",
    "今年以来，安定区坚持把项目建设作为推动高质量发展的“压舱石”，镕昇堃三字照录。",
    "截至5月底，全区实施500万元以上项目128个，完成投资42.6亿元，同比增长12.3%。",
]


@pytest.fixture
def settings() -> ParsingSettings:
    return ParsingSettings()


@pytest.fixture(scope="session")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The article as .doc and .pdf, converted once per session (about 2 s)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")
    root = tmp_path_factory.mktemp("office")
    source = root / "article.docx"
    source.write_bytes(make_docx(ARTICLE_PARAGRAPHS))
    profile = (root / "profile").as_uri()
    files: dict[str, bytes] = {}
    for target in ("doc", "pdf"):
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
             target, "--outdir", str(root), str(source)],
            check=True, capture_output=True, timeout=120,
        )
        files[target] = (root / f"article.{target}").read_bytes()
    return files
