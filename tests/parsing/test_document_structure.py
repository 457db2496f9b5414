"""What a document holds beyond its main flow, from the shapes real files have (issue 14 D).

.docx: footnotes and endnotes (counted, never the title), page headers, footers and
comments (screened only), altChunk imports, tracked moves, ruby; PDF: fake bold, radical
code points, unmapped glyphs, scans, stream bombs; .doc: headers through LibreOffice.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from daemon.config import ParsingSettings
from daemon.parsing.attachments import RawAttachment, extract_all
from daemon.parsing.message import parse_message
from daemon.parsing.model import ParsedMessage
from tests.parsing.builders import attachment_part, county_headers, multipart, part
from tests.parsing.conftest import ARTICLE_PARAGRAPHS
from tests.support.ooxml import Package, moved, p, ruby
from tests.support.pdfs import Page, PdfSpec, pdf_bytes

BODY = [p(line) for line in ARTICLE_PARAGRAPHS]


def mail_with(name: str, data: bytes, settings: ParsingSettings, body: str = "6K+35p+l5pS244CC",
              workdir: Path | None = None) -> ParsedMessage:
    parts = [part("text/plain; charset=utf-8", body), attachment_part(f'filename="{name}"', data)]
    return parse_message(multipart(county_headers(), parts), settings, workdir)


def one(data: bytes, name: str = "信息.docx", settings: ParsingSettings | None = None):  # type: ignore[no-untyped-def]
    [attachment] = extract_all([RawAttachment(name, "application/octet-stream", data)],
                               settings or ParsingSettings())
    return attachment


def test_footnotes_and_endnotes_are_notes_not_text(settings: ParsingSettings) -> None:
    data = Package(BODY, footnotes=[[p("①数据来源：县统计局。")]], endnotes=[[p("尾注说明")]]).build()
    parsed = mail_with("信息.docx", data, settings)
    [attachment] = parsed.attachments
    assert attachment.notes == "①数据来源：县统计局。\n尾注说明"
    assert "数据来源" not in (attachment.text or "")
    assert parsed.article.title == ARTICLE_PARAGRAPHS[0]
    assert not parsed.flags


def test_headers_footers_and_comments_are_margins() -> None:
    data = Package(BODY, headers=[[p("秘密★1年")]], footers=[[p("第 1 页")]],
                   comments=[[p("请核实数据")]]).build()
    attachment = one(data)
    assert attachment.margins.split("\n") == ["秘密★1年", "第 1 页", "请核实数据"]
    assert "秘密" not in (attachment.text or "")


@pytest.mark.parametrize(
    ("name", "ctype", "data"),
    [
        ("afchunk.htm", "text/html",
         "<html><body><p>渭源县以工代赈项目带动群众务工500人</p></body></html>".encode("gbk")),
        ("afchunk.mht", "message/rfc822",
         b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n"
         b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
         + "<p>渭源县以工代赈项目带动群众务工500人</p>".encode() + b"\r\n--b--\r\n"),
        ("afchunk.txt", "text/plain", "渭源县以工代赈项目带动群众务工500人".encode()),
    ],
)
def test_alt_chunk_is_read_where_it_stands(name: str, ctype: str, data: bytes) -> None:
    attachment = one(Package([p("标题行")], alt_chunks={name: (ctype, data)}).build())
    assert attachment.status == "ok"
    assert attachment.text == "标题行\n渭源县以工代赈项目带动群众务工500人"
    assert attachment.unscreened == ()


def test_an_alt_chunk_it_cannot_read_leaves_the_file_unscreened(settings: ParsingSettings) -> None:
    data = Package([], alt_chunks={"afchunk.rtf": ("application/rtf", b"{\\rtf1 x}")}).build()
    parsed = mail_with("信息.docx", data, settings, body="5q2j5paH")  # 正文
    [attachment] = parsed.attachments
    assert attachment.unscreened and "afchunk.rtf" in attachment.unscreened[0]
    assert "empty_attachment" in parsed.flags  # never silently replaced by the body


def test_tracked_moves_count_once_and_ruby_guides_not_at_all() -> None:
    data = Package([p("标题"), moved("项目进展顺利。", "项目进展顺利。"),
                    ruby("岷", "mín", "县召开会议")]).build()
    assert one(data).text == "标题\n项目进展顺利。\n岷县召开会议"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-32"])
def test_a_dtd_is_refused_in_any_encoding(encoding: str) -> None:
    doctype = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    data = Package([p("正文&b;")] if encoding == "utf-8" else [p("正文")], encoding=encoding,
                   doctype=doctype).build()
    attachment = one(data)
    assert attachment.status == "unreadable"
    assert attachment.text is None


def test_utf16_document_without_dtd_is_read() -> None:
    assert one(Package([p("甘肃定西")], encoding="utf-16").build()).text == "甘肃定西"


def test_an_xml_part_over_its_cap_is_too_large() -> None:
    rng = random.Random(7)  # varied text: the zip's compression-ratio guard stays quiet
    data = Package([p("".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(400_000)))]).build()
    attachment = one(data, settings=ParsingSettings(max_xml_part_bytes=1024 * 1024))
    assert attachment.status == "too_large"


def test_a_document_with_no_text_is_flagged_not_replaced(settings: ParsingSettings) -> None:
    parsed = mail_with("信息.docx", Package([p(""), p("")]).build(), settings, body="5q2j5paH")
    assert "empty_attachment" in parsed.flags


def test_text_past_the_cap_is_cut_and_flagged() -> None:
    settings = ParsingSettings(max_text_chars=1000)
    parsed = mail_with("长文.txt", ("这是一段很长的正文。" * 500).encode(), settings)
    assert "too_long" in parsed.flags
    assert sum(len(a.text or "") for a in parsed.attachments) + len(parsed.body_text) <= 1000


# -- PDF ---------------------------------------------------------------------------------

LINES = ["安定区召开重点项目建设推进会", "今年以来，全区实施项目128个，完成投资42.6亿元。"]


def test_fake_bold_glyphs_count_once() -> None:
    plain = one(pdf_bytes(PdfSpec([Page(LINES)])), "a.pdf")
    bold = one(pdf_bytes(PdfSpec([Page(LINES, fake_bold=True)])), "a.pdf")
    assert bold.text == plain.text == "\n".join(LINES)


def test_radical_code_points_become_hanzi() -> None:
    spec = PdfSpec([Page(["孩子们长大了", "门前的马车"])],
                   radicals={"子": "\u2f26", "长": "\u2ed3", "门": "\u2ed4", "马": "\u2ee2", "车": "\u2ecb"})
    assert one(pdf_bytes(spec), "a.pdf").text == "孩子们长大了\n门前的马车"


def test_unmapped_glyphs_leave_no_cid_placeholders() -> None:
    text = one(pdf_bytes(PdfSpec([Page(LINES)], unmapped="区")), "a.pdf").text or ""
    assert "(cid:" not in text and "全" in text


def test_a_pdf_stream_bomb_is_refused_before_it_expands() -> None:
    data = pdf_bytes(PdfSpec([Page(LINES)], bomb_bytes=200 * 1024 * 1024))
    attachment = one(data, "炸弹.pdf")  # 64 MB default cap
    assert attachment.status == "too_large"
    assert len(data) < 1024 * 1024


# -- LibreOffice ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc_with_header(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    root = tmp_path_factory.mktemp("hdr")
    (root / "src.docx").write_bytes(
        Package(BODY, headers=[[p("内部资料 注意保存")]], footnotes=[[p("注：数据为快报数")]]).build()
    )
    subprocess.run(["soffice", f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(root), str(root / "src.docx")],
                   check=True, capture_output=True, timeout=180)
    return (root / "src.doc").read_bytes()


@pytest.mark.office
def test_doc_headers_and_footnotes_survive_conversion(doc_with_header: bytes) -> None:
    attachment = one(doc_with_header, "信息.doc")
    assert attachment.status == "ok", attachment.note
    assert "内部资料 注意保存" in attachment.margins
    assert "数据为快报数" in attachment.notes
    assert ARTICLE_PARAGRAPHS[0] in (attachment.text or "")


@pytest.mark.office
def test_conversions_in_chunks_each_output_checked(tmp_path: Path) -> None:
    settings = ParsingSettings(converter_chunk=2)
    files = [RawAttachment(f"{i}.rtf", "application/rtf", f"{{\\rtf1\\ansi file {i}\\par}}".encode())
             for i in range(5)]
    files.insert(2, RawAttachment("坏.doc", "application/msword", b"\x00\x01garbage" * 10))
    results = extract_all(files, settings, tmp_path)
    assert [r.text for r in results if r.filename != "坏.doc"] == [f"file {i}" for i in range(5)]
    [bad] = [r for r in results if r.filename == "坏.doc"]
    assert bad.status == "unreadable"
    assert not list(tmp_path.glob("govinfo-soffice-*"))


def test_leftover_soffice_folders_of_dead_processes_are_removed(tmp_path: Path) -> None:
    from daemon.parsing.office import remove_leftovers

    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / f"govinfo-soffice-{dead.pid}-abc" / "profile").mkdir(parents=True)
    (tmp_path / "govinfo-soffice-oldstyle").mkdir()
    mine = tmp_path / f"govinfo-soffice-{os.getpid()}-def"
    mine.mkdir()
    assert remove_leftovers(tmp_path) == 2
    assert [p.name for p in tmp_path.iterdir()] == [mine.name]


def test_a_works4_file_goes_to_libreoffice_and_is_never_silently_not_text(tmp_path: Path) -> None:
    # Works 4 for Windows keeps its text in an MN0 stream (libwps), not CONTENTS: it was
    # sniffed as "OLE without a text document". The stream here is filler, so LibreOffice
    # cannot read it: the file must come back unreadable and flagged, not quietly not_text.
    from daemon.parsing import ole
    from tests.parsing.builders import ole_file

    data = ole_file("MN0")
    assert ole.kind(data) == "works"
    parsed = mail_with("信息.wps", data, ParsingSettings(), body="5q2j5paH", workdir=tmp_path)
    [attachment] = parsed.attachments
    assert attachment.status == "unreadable"
    assert "unreadable_attachment" in parsed.flags
