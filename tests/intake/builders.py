"""Builders for the intake check tests: plain ParsedMessage objects, no mail, no database."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from daemon.config import Settings, UnitSettings
from daemon.intake.checks import run_checks
from daemon.intake.checks.category import split_category_tag
from daemon.intake.verdict import CheckContext, OpenRequest
from daemon.parsing.model import Article, Attachment, ParsedMessage
from daemon.workdays import WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # a Wednesday


def attachment(filename: str, text: str | None) -> Attachment:
    return Attachment(filename, "application/octet-stream", b"", "0" * 64, text, "ok")


def message(
    subject: str,
    body: str,
    *,
    title: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
) -> ParsedMessage:
    return ParsedMessage(
        message_id="<item@example.cn>",
        subject=subject,
        from_name="信息员",
        from_addr="xxy@example.cn",
        to=("dxsfgw@126.com",),
        date=None,
        in_reply_to=in_reply_to,
        references=references,
        auto_submitted=None,
        precedence=None,
        list_id=None,
        x_loop=None,
        content_type="multipart/mixed",
        is_dsn=False,
        body_text=body,
        body_charset="utf-8",
        attachments=attachments,
        article=Article("body", title, None, (), body),
    )


def unit(name: str = "安定区") -> UnitSettings:
    if name.endswith(("科", "办", "中心", "办公室")):
        return UnitSettings(name=name, kind="section", class_=1)
    return UnitSettings(name=name, kind="county")


def context(
    subject: str,
    body: str,
    *,
    unit_name: str | None = "安定区",
    received_at: datetime = RECEIVED,
    requests: tuple[OpenRequest, ...] = (),
    settings: Settings | None = None,
    calendar: WorkCalendar | None = None,
    **message_args: object,
) -> CheckContext:
    settings = settings or Settings()
    return CheckContext(
        settings=settings,
        message=message(subject, body, **message_args),  # type: ignore[arg-type]
        unit=unit(unit_name) if unit_name else None,
        title=split_category_tag(subject)[1],
        received_at=received_at,
        calendar=calendar or WorkCalendar(settings.calendar),
        requests=requests,
    )


def checked(subject: str, body: str, **kwargs: object) -> CheckContext:
    """A context with every check run on it; the verdicts are in ctx.verdicts."""
    ctx = context(subject, body, **kwargs)  # type: ignore[arg-type]
    run_checks(ctx)
    return ctx
