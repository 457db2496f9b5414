"""Render .docx to PDF with LibreOffice headless and read the PDF back with poppler.

The official fonts are mapped to Noto CJK by ``daemon/documents/fonts.conf`` through
FONTCONFIG_FILE, for the rendering only. Each call uses its own LibreOffice profile:
two soffice processes on one profile make one of them fail silently (TOOLING.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from daemon.documents.layout import FONTCONFIG


def tools_missing() -> str | None:
    """Why the rendering checks cannot run here, or None."""
    for tool, package in (("soffice", "libreoffice-writer-nogui"), ("pdftotext", "poppler-utils"),
                          ("pdftoppm", "poppler-utils"), ("pdfinfo", "poppler-utils")):
        if shutil.which(tool) is None:
            return f"{tool} 未安装（Debian 软件包 {package}）"
    return None


def to_pdf(documents: Sequence[Path], out: Path) -> list[Path]:
    """Convert every document in one soffice call; the PDFs, in the same order."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), *map(str, documents)],
            check=True, capture_output=True, timeout=180,
            env={**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)},
        )
    pdfs = [out / f"{doc.stem}.pdf" for doc in documents]
    missing = [p.name for p in pdfs if not p.exists()]
    assert not missing, f"LibreOffice produced no PDF for {missing}"
    return pdfs


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, laid out (one printed line per text line)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[: page_count(pdf)]


def first_page_png(pdf: Path, target: Path, dpi: int = 80) -> Path:
    """``pdftoppm -png -r DPI -f 1 -l 1``, saved as ``target``."""
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(stem)], check=True, capture_output=True)
    return target


@dataclass(frozen=True)
class Line:
    """A printed line from ``pdftotext -bbox-layout``: its text and box, in points from the
    top left of the page."""

    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: list[Line]

    def squashed(self) -> str:
        return "".join("".join(line.text.split()) for line in self.lines)


def bbox_pages(pdf: Path) -> list[Page]:
    """Every page's lines with their positions (poppler's ``pdftotext -bbox-layout``)."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    root = ElementTree.fromstring(xhtml)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in root.iter(f"{{{ns['x']}}}page"):
        lines = []
        for line in page.iter(f"{{{ns['x']}}}line"):
            words = [w.text or "" for w in line.iter(f"{{{ns['x']}}}word")]
            lines.append(Line(" ".join(words), *(float(line.get(k, 0)) for k in
                                                 ("xMin", "yMin", "xMax", "yMax"))))
        pages.append(Page(float(page.get("width", 0)), float(page.get("height", 0)), lines))
    return pages
