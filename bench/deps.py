"""Does each dependency earn its place? .venv/bin/python bench/deps.py

Measures, on this machine (figures in the README, 依赖):

1. mail-parser against the daemon's own parser on the headers Chinese clients write
   (a gb2312 label on GBK-only characters, a character split across two encoded words,
   an RFC 2231 name split inside a character) and on the peer corpus (crashes and
   subjects that differ).
2. The four PDF readers (pdfminer.six, pdfplumber with dedupe_chars, pypdf, pypdfium2) on
   a LibreOffice-made PDF of a county article (speed) and on hand-made PDFs: glyphs drawn
   twice for fake bold, a radical code point, a glyph the font does not map; and on a
   Flate bomb inside an address-space cap.
3. What importing numpy, matplotlib, starlette and each PDF reader costs a command.

Packages the daemon no longer depends on are installed for the run into a scratch folder
(``pip install --target``), never into .venv.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXTRA = ["mail-parser", "pdfminer.six", "pdfplumber", "pypdf"]


def scratch_packages() -> Path:
    target = Path(tempfile.mkdtemp(prefix="govinfo-deps-"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target), *EXTRA],
                   check=True)
    return target


# -- 1. mail-parser ----------------------------------------------------------------------

CRLF = "\r\n"


def header_cases() -> dict[str, tuple[bytes, str, str]]:
    """name -> (message, which field, the right answer)."""
    body = "Content-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n"
    gbk = "【动态】朱镕基 昇 堃"
    gb2312_label = f"=?gb2312?B?{base64.b64encode(gbk.encode('gbk')).decode()}?="
    split = "关于项目建设".encode("gb18030")
    split_subject = (f"=?GBK?B?{base64.b64encode(split[:5]).decode()}?={CRLF} "
                     f"=?GBK?B?{base64.b64encode(split[5:]).decode()}?=")
    name = "安定区关于项目建设的报告.docx"
    escaped = quote(name.encode("utf-8"), safe="")
    cut = escaped.index("%", 10) + 3
    rfc2231 = (
        "From: a@example.cn\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" + body + "--b\r\n"
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n"
        f" filename*0*=utf-8''{escaped[:cut]};{CRLF} filename*1*={escaped[cut:]}\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\neA==\r\n--b--\r\n"
    )
    return {
        "gb2312 label, GBK-only characters": (
            f"From: a@example.cn\r\nSubject: {gb2312_label}\r\n{body}".encode(), "subject", gbk),
        "character split across two encoded words": (
            f"From: a@example.cn\r\nSubject: {split_subject}\r\n{body}".encode(), "subject", "关于项目建设"),
        "RFC 2231 name split inside a character": (rfc2231.encode(), "filename", name),
    }


def mailparser_field(raw: bytes, which: str) -> str:
    import mailparser

    parsed = mailparser.parse_from_bytes(raw)
    if which == "subject":
        return parsed.subject
    return parsed.attachments[0]["filename"] if parsed.attachments else ""


def ours_field(raw: bytes, which: str) -> str:
    from daemon.config import ParsingSettings
    from daemon.parsing.message import parse_message

    parsed = parse_message(raw, ParsingSettings())
    return parsed.subject if which == "subject" else parsed.attachments[0].filename


def corpus(limit: int) -> dict[str, object]:
    import mailparser

    from daemon.config import ParsingSettings
    from daemon.parsing.message import parse_message
    from daemon.parsing.model import UnparseableMessage

    folder = ROOT.parent.parent / "shared" / "corpus" / "peer-mail"
    if not folder.is_dir():
        folder = Path("/work/shared/corpus/peer-mail")
    files = sorted(p for p in folder.rglob("*") if p.is_file())[:limit]
    crashes = {"mail-parser": 0, "govinfo": 0}
    refused = 0  # govinfo's UnparseableMessage: kept whole and quarantined, by design
    differ = replacement = 0
    examples: list[tuple[str, str, str]] = []
    for path in files:
        raw = path.read_bytes()
        try:
            subject = mailparser.parse_from_bytes(raw).subject or ""
            theirs = subject if isinstance(subject, str) else " ".join(map(str, subject))
        except Exception:
            crashes["mail-parser"] += 1
            theirs = None
        try:
            ours = parse_message(raw, ParsingSettings(workers=0)).subject
        except UnparseableMessage:
            refused += 1
            ours = None
        except Exception:
            crashes["govinfo"] += 1
            ours = None
        if theirs is not None and ours is not None and " ".join(theirs.split()) != " ".join(ours.split()):
            differ += 1
            if "\ufffd" in theirs or re.search(r"=\?", theirs):
                replacement += 1
            if len(examples) < 3:
                examples.append((path.name, theirs[:40], ours[:40]))
    return {"messages": len(files), "crashes": crashes, "govinfo_refused_as_unparseable": refused,
            "subjects_differ": differ,
            "mail_parser_garbled": replacement, "examples": examples}


# -- 2. PDF readers ------------------------------------------------------------------------


def readers() -> dict[str, object]:
    def pdfminer(data: bytes) -> str:
        from pdfminer.high_level import extract_text

        return extract_text(io.BytesIO(data))

    def pdfplumber(data: bytes) -> str:
        import pdfplumber as plumber

        with plumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(page.dedupe_chars().extract_text() for page in pdf.pages)

    def pypdf(data: bytes) -> str:
        import pypdf as reader

        return "\n".join(page.extract_text() for page in reader.PdfReader(io.BytesIO(data)).pages)

    def pypdfium2(data: bytes) -> str:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
        try:
            return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        finally:
            document.close()

    return {"pdfminer.six": pdfminer, "pdfplumber (dedupe_chars)": pdfplumber, "pypdf": pypdf,
            "pypdfium2": pypdfium2}


def office_pdf(workdir: Path) -> bytes:
    from tests.support.mails import NEWS_BODY, docx_bytes

    source = workdir / "article.docx"
    source.write_bytes(docx_bytes("安定区重点项目建设情况", "安定区发展改革局",
                                  "\n".join([NEWS_BODY.format(unit="安定区")] * 6)))
    subprocess.run(["soffice", f"-env:UserInstallation={(workdir / 'p').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(workdir), str(source)],
                   check=True, capture_output=True, timeout=300)
    return (workdir / "article.pdf").read_bytes()


def compare_pdf(workdir: Path) -> dict[str, dict[str, object]]:
    from tests.support.pdfs import Page, PdfSpec, pdf_bytes

    lines = ["安定区召开重点项目建设推进会", "今年以来，全区实施项目128个。"]
    article = office_pdf(workdir)
    bold = pdf_bytes(PdfSpec([Page(lines, fake_bold=True)]))
    radical = pdf_bytes(PdfSpec([Page(["孩子们"])], radicals={"子": "\u2f26"}))
    unmapped = pdf_bytes(PdfSpec([Page(lines)], unmapped="区"))
    out: dict[str, dict[str, object]] = {}
    for name, read in readers().items():
        read(article)  # warm
        started = time.perf_counter()
        for _ in range(20):
            read(article)
        per_file = (time.perf_counter() - started) / 20 * 1000
        bold_text = read(bold)
        out[name] = {
            "ms_per_article_pdf": round(per_file, 1),
            "fake_bold_counted_once": bold_text.count("推进会") == 1,
            "radical_left_as_is": "\u2f26" in read(radical),
            "cid_placeholders": "(cid:" in read(unmapped),
        }
    return out


BOMB_CHILD = """
import resource, sys, time
sys.path[:0] = {paths!r}
from tests.support.pdfs import Page, PdfSpec, pdf_bytes
data = pdf_bytes(PdfSpec([Page(["炸弹"])], bomb_bytes=1_000_000_000))
resource.setrlimit(resource.RLIMIT_AS, (768 << 20, resource.RLIM_INFINITY))
sys.path.insert(0, {bench!r})
import deps
read = deps.readers()[{name!r}]
started = time.perf_counter()
try:
    read(data)
    print("read it", round(time.perf_counter() - started, 1))
except BaseException as exc:
    print(type(exc).__name__, round(time.perf_counter() - started, 1))
"""


def bombs(packages: Path) -> dict[str, str]:
    out = {}
    for name in readers():
        code = BOMB_CHILD.format(paths=[str(ROOT), str(packages)], bench=str(ROOT / "bench"), name=name)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
        out[name] = proc.stdout.strip() or f"died (exit {proc.returncode})"
    return out


# -- 3. numpy for the resend screen ---------------------------------------------------------


def minhash_pure(text: str) -> bytes:
    """daemon.intake.resend.signature without numpy: the same hashes, in Python integers."""
    from daemon.intake import resend

    normal = resend._normal(text)
    codes = [ord(c) for c in normal]
    grams = sorted({(a << 21) | b for a, b in itertools.pairwise(codes)})
    mask = (1 << 64) - 1
    multiply = [int(x) for x in resend._MULTIPLY[:, 0]]
    add = [int(x) for x in resend._ADD[:, 0]]
    low = [min((((m * g) & mask) + a & mask) >> 32 for g in grams)
           for m, a in zip(multiply, add, strict=True)]
    return b"".join(v.to_bytes(4, "little") for v in low)


def resend_screen() -> dict[str, float | bool]:
    from daemon.intake import resend
    from tests.support.mails import NEWS_BODY

    text = NEWS_BODY.format(unit="安定区") * 3
    runs = {}
    for name, function in (("numpy", resend.signature), ("pure_python", minhash_pure)):
        function(text)
        started = time.perf_counter()
        for _ in range(20):
            function(text)
        runs[f"{name}_ms_per_item"] = round((time.perf_counter() - started) / 20 * 1000, 2)
    runs["same_signature"] = resend.signature(text) == minhash_pure(text)
    return runs


# -- 4. import costs -----------------------------------------------------------------------


def import_cost(module: str, packages: Path) -> dict[str, float]:
    rss = "int(open('/proc/self/statm').read().split()[1]) * 4"  # KiB, 4 KiB pages
    code = (f"import sys, time; sys.path[:0] = [{str(ROOT)!r}, {str(packages)!r}]; "
            f"before = {rss}; t = time.perf_counter(); "
            f"import {module}; print(time.perf_counter() - t, {rss} - before)")
    runs = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        seconds, kib = out.stdout.split()
        runs.append((float(seconds), int(kib)))
    runs.sort()
    return {"ms": round(runs[2][0] * 1000, 1), "MiB": round(runs[2][1] / 1024, 1)}


def main() -> None:
    packages = scratch_packages()
    sys.path.insert(1, str(packages))
    report: dict[str, object] = {}
    cases = {}
    for name, (raw, which, right) in header_cases().items():
        cases[name] = {"right": right, "mail-parser": mailparser_field(raw, which),
                       "govinfo": ours_field(raw, which)}
    report["headers"] = cases
    report["peer_corpus"] = corpus(int(os.environ.get("CORPUS_LIMIT", "2000")))
    with tempfile.TemporaryDirectory() as workdir:
        report["pdf"] = compare_pdf(Path(workdir))
    report["pdf_bomb_under_768MB"] = bombs(packages)
    report["resend_signature"] = resend_screen()
    report["imports"] = {m: import_cost(m, packages) for m in
                         ("numpy", "matplotlib.pyplot", "starlette.applications", "pdfminer.high_level",
                          "pdfplumber", "pypdf", "pypdfium2", "mailparser")}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
