"""Attachments: every format counties send, and every way one can be hostile or broken."""

from __future__ import annotations

import codecs
import io
import zipfile

import olefile
import pytest

from daemon.config import ParsingSettings
from daemon.parsing.message import parse_message
from daemon.parsing.model import ParsedMessage
from tests.parsing.builders import (
    attachment_part,
    county_headers,
    encrypted_ooxml,
    image_only_pdf,
    make_docx,
    make_zip,
    multipart,
    part,
)
from tests.parsing.conftest import ARTICLE_PARAGRAPHS

ARTICLE_TEXT = "\n".join(ARTICLE_PARAGRAPHS)


def mail_with(*files: tuple[str, bytes], settings: ParsingSettings) -> ParsedMessage:
    parts = [part("text/plain; charset=utf-8", "6K+35p+l5pS244CC")]  # 请查收。
    parts += [attachment_part(f'filename="{name}"', data) for name, data in files]
    return parse_message(multipart(county_headers(), parts), settings)


def assert_article_from(parsed: ParsedMessage, filename: str) -> None:
    assert parsed.article.source == f"attachment:{filename}"
    assert parsed.article.title == ARTICLE_PARAGRAPHS[0]
    assert parsed.article.unit_line == ARTICLE_PARAGRAPHS[1]
    assert parsed.article.authors == ("张三", "李四")
    assert parsed.article.body.split("\n") == ARTICLE_PARAGRAPHS[2:]


def test_docx_paragraphs_table_and_text_box(settings: ParsingSettings) -> None:
    data = make_docx(ARTICLE_PARAGRAPHS, table=[["项目", "投资"], ["水利", "3.2亿元"]],
                     textbox="文本框里的说明")
    parsed = mail_with(("信息.docx", data), settings=settings)
    attachment = parsed.attachments[0]
    assert attachment.status == "ok"
    assert attachment.text is not None
    for piece in [*ARTICLE_PARAGRAPHS, "项目", "3.2亿元"]:
        assert piece in attachment.text
    assert attachment.text.count("文本框里的说明") == 1  # the VML fallback is not read twice
    assert parsed.article.authors == ("张三", "李四")
    assert not parsed.flags


def test_largest_document_is_the_article(settings: ParsingSettings) -> None:
    parsed = mail_with(
        ("说明.txt", "附件为本月信息。".encode()),
        ("信息.docx", make_docx(ARTICLE_PARAGRAPHS)),
        settings=settings,
    )
    assert_article_from(parsed, "信息.docx")


@pytest.mark.office
def test_doc_and_wps_in_one_conversion(settings: ParsingSettings,
                                       office_files: dict[str, bytes]) -> None:
    # LibreOffice cannot write Kingsoft .wps; Kingsoft's format is the OLE Word format
    # (a WordDocument stream), so a .doc renamed .wps is the stand-in sniffing must handle.
    parsed = mail_with(("信息.doc", office_files["doc"]), ("信息二.wps", office_files["doc"]),
                       settings=settings)
    for attachment in parsed.attachments:
        assert attachment.status == "ok", attachment.note
        assert attachment.text == ARTICLE_TEXT
    assert_article_from(parsed, "信息.doc")


@pytest.mark.office
def test_doc_that_is_really_rtf_or_docx(settings: ParsingSettings) -> None:
    rtf = rb"{\rtf1\ansi\ansicpg936{\fonttbl{\f0 SimSun;}}\f0 \'b0\'b2\'b6\'a8\'c7\'f8 RTF}"
    parsed = mail_with(("a.doc", rtf), ("b.doc", make_docx(["名为doc的docx"])),
                       settings=settings)
    assert [a.text for a in parsed.attachments] == ["安定区 RTF", "名为doc的docx"]


@pytest.mark.office
def test_pdf_with_text_layer(settings: ParsingSettings, office_files: dict[str, bytes]) -> None:
    parsed = mail_with(("信息.pdf", office_files["pdf"]), settings=settings)
    attachment = parsed.attachments[0]
    assert attachment.status == "ok"
    assert attachment.text is not None and "镕昇堃" in attachment.text
    assert parsed.article.authors == ("张三", "李四")


def test_image_only_pdf(settings: ParsingSettings) -> None:
    parsed = mail_with(("扫描件.pdf", image_only_pdf()), settings=settings)
    assert parsed.attachments[0].status == "no_text_layer"
    assert parsed.flags == ("no_text_layer",)
    assert parsed.article.source == "body"


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE_TEXT.encode("gb18030"),
        ARTICLE_TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + ARTICLE_TEXT.encode("utf-8"),
        ARTICLE_TEXT.encode("utf-16"),  # with BOM, as Windows Notepad writes "Unicode"
        ARTICLE_TEXT.replace("\n", "\r\n").encode("utf-16-le"),  # no BOM
    ],
    ids=["gb18030", "utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le-crlf"],
)
def test_txt_encodings(settings: ParsingSettings, data: bytes) -> None:
    parsed = mail_with(("信息.txt", data), settings=settings)
    assert parsed.attachments[0].text == ARTICLE_TEXT
    assert_article_from(parsed, "信息.txt")


def test_zip_holding_a_docx(settings: ParsingSettings) -> None:
    archive = make_zip({"readme.txt": b"hi", "信息.docx": make_docx(ARTICLE_PARAGRAPHS)})
    parsed = mail_with(("材料.zip", archive), settings=settings)
    assert parsed.attachments[0].status == "ok"
    assert_article_from(parsed, "材料.zip")


@pytest.mark.parametrize(
    ("members", "override"),
    [
        ({"bomb.txt": b"\0" * (4 * 1024 * 1024)}, {}),  # ratio ~1000:1
        ({f"{i}.txt": b"x" for i in range(300)}, {}),  # too many members
        ({"big.txt": bytes(range(256)) * 8192}, {"max_uncompressed_bytes": 1024 * 1024}),
    ],
    ids=["ratio", "members", "total-size"],
)
def test_zip_bomb_refused_flagged_kept(settings: ParsingSettings, members: dict[str, bytes],
                                       override: dict[str, int]) -> None:
    settings = settings.model_copy(update=override)
    archive = make_zip(members)
    parsed = mail_with(("bomb.zip", archive), settings=settings)
    attachment = parsed.attachments[0]
    assert attachment.status == "unreadable"
    assert "zip guard" in attachment.note
    assert attachment.data == archive
    assert parsed.flags == ("unreadable_attachment",)


def test_docx_bomb_refused(settings: ParsingSettings) -> None:
    good = zipfile.ZipFile(io.BytesIO(make_docx(["x"])))
    members = {name: good.read(name) for name in good.namelist()}
    members["word/document.xml"] = b"<w:document>" + b" " * (8 * 1024 * 1024) + b"</w:document>"
    parsed = mail_with(("炸弹.docx", make_zip(members)), settings=settings)
    assert parsed.attachments[0].status == "unreadable"


def test_encrypted_docx_and_zip(settings: ParsingSettings) -> None:
    archive = bytearray(make_zip({"信息.docx": b"secret"}, compression=zipfile.ZIP_STORED))
    # set the "encrypted" bit in the local and central headers, as zip -e does
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = archive.index(signature) + offset
        archive[at] |= 0x01
    parsed = mail_with(("加密.docx", encrypted_ooxml()), ("加密.zip", bytes(archive)),
                       settings=settings)
    assert [a.status for a in parsed.attachments] == ["encrypted", "encrypted"]
    assert parsed.flags == ("encrypted",)


@pytest.mark.office
def test_encrypted_doc(settings: ParsingSettings, office_files: dict[str, bytes],
                       tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "x.doc"  # type: ignore[operator]
    path.write_bytes(office_files["doc"])
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        fib = bytearray(ole.openstream("WordDocument").read())
        fib[11] |= 0x01  # fEncrypted, as Word sets it for a password-protected .doc
        ole.write_stream("WordDocument", bytes(fib))
    parsed = mail_with(("密码.doc", path.read_bytes()), settings=settings)
    assert parsed.attachments[0].status == "encrypted"


def test_path_traversal_filename(settings: ParsingSettings) -> None:
    parsed = mail_with(("../../etc/passwd", b"root:x:0:0"), ("..\\..\\boot.ini", b"x"),
                       ("a\x00b\x1b.txt", b"y"), settings=settings)
    assert [a.filename for a in parsed.attachments] == ["passwd", "boot.ini", "a b .txt"]


def test_long_filename_keeps_extension(settings: ParsingSettings) -> None:
    parsed = mail_with(("关" * 300 + ".docx", make_docx(["x"])), settings=settings)
    name = parsed.attachments[0].filename
    assert len(name) == settings.max_filename_length
    assert name.endswith(".docx")


def test_oversized_attachment_kept_not_converted(settings: ParsingSettings) -> None:
    settings = settings.model_copy(update={"max_attachment_bytes": 1000})
    data = make_docx(ARTICLE_PARAGRAPHS)
    parsed = mail_with(("大文件.docx", data), settings=settings)
    attachment = parsed.attachments[0]
    assert (attachment.status, attachment.text, attachment.data) == ("too_large", None, data)


def test_garbage_with_office_names(settings: ParsingSettings) -> None:
    parsed = mail_with(("x.docx", b"PK\x03\x04garbage"), ("y.pdf", b"%PDF-1.4 garbage"),
                       ("z.doc", olefile.MAGIC + b"\0" * 100), settings=settings)
    assert [a.status for a in parsed.attachments] == ["unreadable"] * 3
    assert parsed.flags == ("unreadable_attachment",)
