"""Render the README's pictures of the documents: docs/<kind>.png, first and last page.

    PYTHONPATH=. .venv/bin/python scripts/document_pictures.py

Every kind from the sample year (tests/documents/samples.py) as written on January 4,
2027 (final), and the quarterly notice as on December 1, 2026 (provisional). Needs
LibreOffice, poppler-utils and fonts-noto-cjk, like the layout tests.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from daemon.config import load_settings
from daemon.documents.pagination import settle
from daemon.paths import EXAMPLE_CONFIG, PROJECT_ROOT
from tests.documents.office import page_count, to_pdf
from tests.documents.samples import FINAL_DAY, OPEN_DAY, documents

DPI = 60
GAP = 8


def picture(pdf: Path, target: Path) -> None:
    """The first and the last page side by side (one page alone if there is one)."""
    pages = sorted({1, page_count(pdf)})
    images = []
    with tempfile.TemporaryDirectory() as folder:
        for number in pages:
            stem = Path(folder) / f"p{number}"
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(number), "-l", str(number),
                            "-singlefile", str(pdf), str(stem)], check=True)
            images.append(Image.open(f"{stem}.png").convert("RGB"))
        width, height = images[0].size
        out = Image.new("RGB", (len(images) * width + (len(images) - 1) * GAP, height), "#888888")
        for index, image in enumerate(images):
            out.paste(image, (index * (width + GAP), 0))
        out.save(target, optimize=True)


def main() -> None:
    settings = load_settings(EXAMPLE_CONFIG)
    built = documents(settings, FINAL_DAY)
    built["quarterly-provisional"] = documents(settings, OPEN_DAY)["quarterly"]
    settle(list(built.values()), settings.parsing)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, document in built.items():
            path = Path(folder) / f"{name}.docx"
            path.write_bytes(document.to_bytes())
            paths.append(path)
        for path, pdf in zip(paths, to_pdf(paths, Path(folder) / "pdf"), strict=True):
            target = PROJECT_ROOT / "docs" / f"{path.stem}.png"
            picture(pdf, target)
            print(target)


if __name__ == "__main__":
    main()
