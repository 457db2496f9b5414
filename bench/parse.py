"""Parsing throughput and memory: .venv/bin/python bench/parse.py

1. The peer corpus (../shared/corpus/peer-mail): messages/s and MB/s.
2. 200 generated county mails, each with a ~30 KB .docx article: messages/s and MB/s.
3. Peak memory while parsing one message with a 20 MB attachment (a .docx carrying a
   photo, as counties send), in a fresh subprocess, as a multiple of the message size
   (printed first).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from daemon.config import ParsingSettings  # noqa: E402
from daemon.parsing.message import parse_message  # noqa: E402
from daemon.parsing.model import UnparseableMessage  # noqa: E402
from tests.parsing.builders import (  # noqa: E402
    attachment_part,
    county_headers,
    make_docx,
    multipart,
    part,
)

CORPUS = ROOT.parent / "shared" / "corpus" / "peer-mail"
PARAGRAPH = (
    "今年以来，安定区坚持把项目建设作为推动高质量发展的“压舱石”，截至5月底，全区实施500万元"
    "以上项目128个，完成投资42.6亿元，同比增长12.3%，GDP增长5.8%。"
)


def county_mail(index: int, extra: bytes | None = None) -> bytes:
    document = make_docx([f"安定区重点项目建设情况之{index}", "安定区发展改革局 张三 李四"]
                         + [PARAGRAPH] * 20)
    if extra is not None:  # a photo inside the .docx, stored as Word stores JPEGs
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(document)) as src, zipfile.ZipFile(buffer, "w") as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info))
            dst.writestr("word/media/image1.jpeg", extra, zipfile.ZIP_STORED)
        document = buffer.getvalue()
    return multipart(county_headers(f"【动态】信息{index}"), [
        part("text/plain; charset=utf-8", "6K+35p+l5pS244CC"),
        attachment_part(f'filename="信息{index}.docx"', document),
    ])


def throughput(label: str, messages: list[bytes], settings: ParsingSettings) -> None:
    unparseable = 0
    with tempfile.TemporaryDirectory() as workdir:
        start = time.perf_counter()
        for raw in messages:
            try:
                parse_message(raw, settings, Path(workdir))
            except UnparseableMessage:
                unparseable += 1
        elapsed = time.perf_counter() - start
    megabytes = sum(map(len, messages)) / 1e6
    print(f"{label}: {len(messages)} messages, {megabytes:.1f} MB in {elapsed:.2f} s: "
          f"{len(messages) / elapsed:.0f} messages/s, {megabytes / elapsed:.2f} MB/s "
          f"({unparseable} unparseable)")


def memory_probe(path: Path) -> None:
    """Runs in a child process that only reads the message, so the peak is the parse's."""
    raw = path.read_bytes()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    parsed = parse_message(raw, ParsingSettings())
    elapsed = time.perf_counter() - start
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    assert parsed.attachments[0].status == "ok"
    del parsed
    # tracemalloc in a second pass: its own bookkeeping would inflate the RSS figure
    tracemalloc.start()
    parse_message(raw, ParsingSettings())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"20 MB attachment: message {len(raw) / 1e6:.1f} MB, parsed in {elapsed:.2f} s; "
          f"memory on top of the message bytes: max RSS growth {rss_growth / 1e6:.1f} MB = "
          f"{rss_growth / len(raw):.2f}x, Python allocations peak {peak / 1e6:.1f} MB = "
          f"{peak / len(raw):.2f}x the message size (target < 5x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-big", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--memory-probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_big:
        args.write_big.write_bytes(county_mail(0, extra=os.urandom(20 * 1024 * 1024)))
        return
    if args.memory_probe:
        memory_probe(args.memory_probe)
        return
    # First, while this process is small: a child inherits its parent's max RSS.
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.eml"
        for flag in ("--write-big", "--memory-probe"):
            subprocess.run([sys.executable, __file__, flag, str(big)], check=True)
    settings = ParsingSettings()
    if CORPUS.is_dir():
        rows = (CORPUS / "MANIFEST.tsv").read_text("utf-8").splitlines()[1:]
        corpus = [(CORPUS / row.split("\t", 1)[0]).read_bytes() for row in rows if row]
        throughput("peer corpus", corpus, settings)
    else:
        print(f"peer corpus not found at {CORPUS}; skipped")
    throughput("county mails with ~30 KB .docx", [county_mail(i) for i in range(200)], settings)


if __name__ == "__main__":
    main()
