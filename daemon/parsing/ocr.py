"""Text of a screenshot, a phone photo or an image-only PDF: Tesseract with chi_sim.

``recognise`` is the reading itself, run in whatever process calls it;
``recognise_capped`` runs it in a child process of its own session, with an address-space
cap (RLIMIT_AS) that the child sets on itself before it reads the file and a wall-clock
kill of the whole session, so a hostile image (a decompression bomb, a PDF that renders
forever) costs the daemon nothing but the child. Tesseract and pdftoppm, started by the
child, inherit both.

A page is read once with the horizontal model (page segmentation ``psm 3``); Tesseract's
layout analysis then finds the tall narrow blocks that a horizontal reading cannot read
(a vertical masthead, a date set down the margin), and each of those, the largest first,
is read again with the vertical model (chi_sim_vert, ``psm 5``). OpenMP is held to one
thread: the machine is shared, and every thread's arena counts against the cap.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

    from daemon.config import OcrSettings, ParsingSettings

_EXIT_MEMORY = 3
_UPSCALE_BELOW = 1000  # px on the long side: Tesseract reads 20-30 px glyphs best


@dataclass(frozen=True)
class OcrResult:
    """``status``: ok | empty | unreadable | too_large | timeout | memory | unavailable."""

    status: str
    text: str = ""
    note: str = ""  # English, for the log and the evidence row's note


def _pages(data: bytes, settings: OcrSettings, workdir: Path) -> list[Image.Image]:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = settings.max_pixels  # larger raises DecompressionBombError
    if data[:1024].find(b"%PDF-") >= 0:
        source = workdir / "in.pdf"
        source.write_bytes(data)
        subprocess.run(
            [
                settings.pdftoppm,
                "-r",
                str(settings.pdf_dpi),
                "-gray",
                "-png",
                "-f",
                "1",
                "-l",
                str(settings.pdf_pages),
                str(source),
                str(workdir / "page"),
            ],
            check=True,
            capture_output=True,
        )
        return [Image.open(path) for path in sorted(workdir.glob("page*.png"))]
    image = Image.open(io.BytesIO(data))
    image.seek(0)  # the first frame of a GIF or a multi-page TIFF
    return [image]


def _prepared(image: Image.Image) -> Image.Image:
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image).convert("L")  # a phone photo's rotation flag
    long_side = max(image.size)
    if long_side < _UPSCALE_BELOW:
        scale = _UPSCALE_BELOW / long_side
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    return ImageOps.autocontrast(image, cutoff=1)


def _vertical_blocks(image: Image.Image, data: dict[str, list], limit: int) -> list[tuple[int, ...]]:
    """Boxes of Tesseract's blocks that are tall and narrow, largest first."""
    boxes = []
    for level, left, top, width, height in zip(
        data["level"], data["left"], data["top"], data["width"], data["height"], strict=True
    ):
        # a masthead's block often takes in the date beside it: 2:1 is tall enough
        if level == 2 and width >= 20 and height >= 80 and 2 * height >= 3 * width:
            pad = max(6, width // 4)
            boxes.append(
                (
                    max(0, left - pad),
                    max(0, top - pad),
                    min(image.width, left + width + pad),
                    min(image.height, top + height + pad),
                )
            )
    boxes.sort(key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))
    return boxes[:limit]


def _read_page(image: Image.Image, settings: OcrSettings) -> str:
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = settings.tesseract
    image = _prepared(image)
    data = pytesseract.image_to_data(
        image, lang=settings.languages, config="--psm 3", output_type=pytesseract.Output.DICT
    )
    lines: dict[tuple[int, int, int], list[str]] = {}
    for block, par, line, word in zip(
        data["block_num"], data["par_num"], data["line_num"], data["text"], strict=True
    ):
        if word.strip():
            lines.setdefault((block, par, line), []).append(word.strip())
    text = [" ".join(words) for words in lines.values()]
    columns = []
    if settings.vertical_languages:
        for box in _vertical_blocks(image, data, settings.vertical_blocks):
            column = pytesseract.image_to_string(
                image.crop(box), lang=settings.vertical_languages, config="--psm 5"
            )
            columns.extend(line for line in column.splitlines() if line.strip())
    # vertical blocks first: a masthead set down the margin heads the page
    return "\n".join([*columns, *text])


def recognise(data: bytes, settings: OcrSettings, parsing: ParsingSettings) -> OcrResult:
    """A PDF's text layer when it has one (under [parsing]'s caps); else every page of
    ``data`` recognised (an image, or a PDF's first ``pdf_pages`` pages)."""
    from PIL import Image, UnidentifiedImageError

    from daemon.parsing import pdf
    from daemon.parsing.archive import Refused

    if data[:1024].find(b"%PDF-") >= 0:
        try:
            return OcrResult("ok", pdf.text(data, parsing), "pdf text layer")
        except Refused as refused:
            if refused.status != "no_text_layer":
                return OcrResult("unreadable", note=refused.note)

    with tempfile.TemporaryDirectory(prefix="govinfo-ocr-") as folder:
        try:
            pages = _pages(data, settings, Path(folder))
        except Image.DecompressionBombError as exc:
            return OcrResult("too_large", note=f"image: {exc}")
        except (UnidentifiedImageError, OSError, subprocess.CalledProcessError) as exc:
            return OcrResult("unreadable", note=f"image: {exc.__class__.__name__}")
        texts = [_read_page(page, settings) for page in pages]
    text = "\n".join(t for t in texts if t.strip())
    return OcrResult("ok", text) if text.strip() else OcrResult("empty", note="no text recognised")


# -- capped in a child process ------------------------------------------------------------


def _cap(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def recognise_capped(data: bytes, settings: OcrSettings, parsing: ParsingSettings) -> OcrResult:
    """``recognise`` in a child session under ``memory_mb`` and ``time_limit``: the file is
    a stranger's, PDF text layer included."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "daemon.parsing.ocr", str(settings.memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
    except OSError as exc:
        return OcrResult("unavailable", note=f"cannot start OCR: {exc.strerror}")
    request = json.dumps({"ocr": settings.model_dump(mode="json"),
                          "parsing": parsing.model_dump(mode="json")}).encode() + b"\n" + data
    try:
        out, _ = child.communicate(request, timeout=settings.time_limit)
    except subprocess.TimeoutExpired:
        return OcrResult("timeout", note=f"killed after {settings.time_limit:g} s")
    finally:
        with suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)  # tesseract or pdftoppm left behind
        child.wait()
    if child.returncode == _EXIT_MEMORY or child.returncode == -signal.SIGKILL:
        return OcrResult("memory", note=f"over {settings.memory_mb} MB")
    if child.returncode != 0:
        return OcrResult("unavailable", note=f"OCR process exited {child.returncode}")
    answer = json.loads(out.decode("utf-8"))
    return OcrResult(str(answer["status"]), str(answer["text"]), str(answer["note"]))


def _child_main() -> int:
    # the cap first, before any byte of the file is read (no preexec_fn: the daemon has threads)
    _cap(int(sys.argv[1]))
    from daemon.config import OcrSettings, ParsingSettings

    header, _, data = sys.stdin.buffer.read().partition(b"\n")
    given = json.loads(header)
    settings = OcrSettings.model_validate(given["ocr"])
    parsing = ParsingSettings.model_validate(given["parsing"])
    try:
        result = recognise(data, settings, parsing)
    except MemoryError:
        return _EXIT_MEMORY
    except Exception as exc:  # tesseract missing, a language not installed: said, not raised
        result = OcrResult("unavailable", note=f"{exc.__class__.__name__}: {exc}"[:300])
    sys.stdout.write(
        json.dumps({"status": result.status, "text": result.text, "note": result.note}, ensure_ascii=False)
    )
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
