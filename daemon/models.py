"""SQLAlchemy tables. The schema itself is owned by Alembic (migrations/)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike.

    SQLite keeps no offset, so values are stored as UTC and given back their zone on load.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime reached the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: JSON}


class MailboxState(Base):
    """Where reading a mailbox stands; moved in the same transaction as what was filed."""

    __tablename__ = "mailbox_state"
    mailbox: Mapped[str] = mapped_column(String(100), primary_key=True)
    # IMAP numbers are unsigned 32-bit: above PostgreSQL INTEGER's range
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime]


class MailboxLock(Base):
    """A lease that keeps two daemons from reading one mailbox at once."""

    __tablename__ = "mailbox_lock"
    mailbox: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]


class Message(Base):
    """The ledger: every message ever read, with what became of it."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("mailbox", "uidvalidity", "uid", name="uq_messages_position"),
        Index("ix_messages_sha256", "sha256"),
        Index("ix_messages_message_id", "message_id"),
        Index("ix_messages_disposition", "disposition"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(100))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[str | None] = mapped_column(String(998))
    sha256: Mapped[str | None] = mapped_column(String(64))
    body_sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)
    received_at: Mapped[datetime | None]
    read_at: Mapped[datetime]
    # filed | duplicate | quarantined | ignored
    disposition: Mapped[str] = mapped_column(String(20))
    # no FK constraint: items already point at messages, and a cycle breaks table ordering
    item_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]

    item: Mapped[Item | None] = relationship(
        primaryjoin="foreign(Message.item_id) == Item.id", viewonly=True
    )


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_items_year_seq"),
        # a unit's latest items in order (the resend check, per filed item); serves unit alone too
        Index("ix_items_unit_received_at", "unit", "received_at"),
        Index("ix_items_state", "state"),
        Index("ix_items_received_at", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    message_row_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    unit: Mapped[str | None] = mapped_column(String(100))
    sender: Mapped[str] = mapped_column(String(320))
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str | None] = mapped_column(String(20))
    category_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    length: Mapped[int | None] = mapped_column(Integer)
    length_ok: Mapped[bool | None] = mapped_column(Boolean)
    received_at: Mapped[datetime]
    due_at: Mapped[datetime | None]
    timeliness: Mapped[str] = mapped_column(String(20), default="unchecked")
    request_id: Mapped[int | None] = mapped_column(Integer)
    route: Mapped[str | None] = mapped_column(String(100))
    route_terms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20))
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    important: Mapped[bool] = mapped_column(Boolean, default=False)
    # a resend of the same article supersedes the earlier item and is counted once
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    # MinHash of the article's bigrams (daemon.intake.resend): screens resend candidates
    resend_signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    article_source: Mapped[str] = mapped_column(String(300), default="body")
    article_text: Mapped[str] = mapped_column(Text, default="")
    # the article's footnotes and endnotes: counted in its length, not part of its text
    article_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_charset: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
    # what intake read, for each field the office has since corrected (govinfo items edit)
    original: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    message: Mapped[Message] = relationship(foreign_keys=[message_row_id])
    supersedes: Mapped[Item | None] = relationship(remote_side="Item.id", foreign_keys=[supersedes_id])
    adoptions: Mapped[list[Adoption]] = relationship(order_by="Adoption.id", viewonly=True)
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="item", order_by="Attachment.id", cascade="all, delete-orphan"
    )
    verdicts: Mapped[list[Verdict]] = relationship(
        back_populates="item", order_by="Verdict.id", cascade="all, delete-orphan"
    )
    audit: Mapped[list[AuditEntry]] = relationship(
        back_populates="item", order_by="AuditEntry.id", cascade="all, delete-orphan"
    )


class Attachment(Base):
    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str | None] = mapped_column(Text)
    # every part of the file was read and screened for markings: only such a file is
    # ever attached to outgoing mail (outbox.notices.sendable)
    screened: Mapped[bool] = mapped_column(Boolean, default=False)

    item: Mapped[Item] = relationship(back_populates="attachments")


class Verdict(Base):
    __tablename__ = "verdicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    check: Mapped[str] = mapped_column(String(50))
    outcome: Mapped[str] = mapped_column(String(50))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]

    item: Mapped[Item] = relationship(back_populates="verdicts")


class AuditEntry(Base):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    item: Mapped[Item | None] = relationship(back_populates="audit")



class Outbound(Base):
    """One outbound mail, written in the same transaction as what caused it.

    ``dedupe_key`` makes enqueueing idempotent (e.g. ``ack:item:17``); ``message_id`` is
    fixed at enqueue time, so a repeat after a crash carries the same Message-ID.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    recipients: Mapped[list[str]] = mapped_column(JSON)
    subject: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(300), unique=True)
    raw_sha256: Mapped[str] = mapped_column(String(64))  # the rendered message, in the store
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending|sent|failed|capped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    bounced_at: Mapped[datetime | None]


class Request(Base):
    """A request registered by the office: 约稿 (solicitation) or 批示反馈 (feedback)."""

    __tablename__ = "requests"
    __table_args__ = (UniqueConstraint("year", "seq", "kind", name="uq_requests_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # feedback | solicitation
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(Text)
    issued_on: Mapped[date]
    due_at: Mapped[datetime]
    created_at: Mapped[datetime]
    units: Mapped[list[RequestUnit]] = relationship(
        back_populates="request", order_by="RequestUnit.id", cascade="all, delete-orphan"
    )


class RequestUnit(Base):
    """One assigned unit's answer to a request: answered on time, late, or missed."""

    __tablename__ = "request_units"
    __table_args__ = (UniqueConstraint("request_id", "unit", name="uq_request_units"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    unit: Mapped[str] = mapped_column(String(100))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    answered_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="open")  # open|on_time|late|missed
    missed_alerted_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    request: Mapped[Request] = relationship(back_populates="units")


class Evidence(Base):
    """A screenshot or copy proving an adoption; by upload or by mail, confirmed by the office."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    message_row_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    outlet: Mapped[str | None] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending|confirmed|rejected
    match_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    # what OCR read off the file and proposed (daemon/intake/evidence_reader.py); item_id and
    # outlet above hold the proposed item and outlet. read_state: None until read, then
    # proposed | unmatched | failed | skipped (the office decided before it was read)
    unit: Mapped[str | None] = mapped_column(String(100))  # the sender's, when the roster knows it
    read_state: Mapped[str | None] = mapped_column(String(20))
    read_text: Mapped[str | None] = mapped_column(Text)
    read_note: Mapped[str | None] = mapped_column(Text)
    proposed_on: Mapped[date | None]
    confidence: Mapped[float | None] = mapped_column(Float)


class Adoption(Base):
    __tablename__ = "adoptions"
    __table_args__ = (UniqueConstraint("item_id", "outlet", name="uq_adoptions_item_outlet"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    outlet: Mapped[str] = mapped_column(String(20))
    adopted_on: Mapped[date]
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"))
    recorded_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    bulletin_issue_id: Mapped[int | None] = mapped_column(ForeignKey("bulletin_issues.id"))
    # a revocation (govinfo revoke) keeps the row and stops it counting
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    revoke_reason: Mapped[str | None] = mapped_column(Text)


class Deduction(Base):
    __tablename__ = "deductions"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # returned | false_info | late_major
    on: Mapped[date]
    points: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    summon_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    # a revocation (govinfo revoke) keeps the row and stops it counting
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    revoke_reason: Mapped[str | None] = mapped_column(Text)


class Forwarding(Base):
    """An item sent on to a higher office (市委办、市政府办、定西党政网)."""

    __tablename__ = "forwardings"
    __table_args__ = (UniqueConstraint("item_id", "target", name="uq_forwardings_item_target"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    target: Mapped[str] = mapped_column(String(30))
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class BulletinIssue(Base):
    """One numbered issue (期) of 《定西发展改革》, per year."""

    __tablename__ = "bulletin_issues"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_bulletin_year_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[date]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime]


class Document(Base):
    """A generated Word document; re-running a job for the same period replaces it."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("kind", "period", "unit", name="uq_documents_kind_period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # bulletin|monthly|quarterly|annual|shortfall
    period: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(100), default="")  # shortfall notices: one per unit
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class DocumentNumber(Base):
    """A 发文字号 (定发改办〔2026〕12号) given to one document, never to another.

    A document is one edition of (kind, period, unit): ``final``, or a provisional one as of
    a day (``2026-12-01``). Writing the same edition again keeps its number; a number is
    never reused, even when its document is replaced or withdrawn.
    """

    __tablename__ = "document_numbers"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_document_numbers_year_seq"),
        UniqueConstraint("kind", "period", "unit", "edition", name="uq_document_numbers_edition"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)  # of the 成文日期
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(100), default="")
    edition: Mapped[str] = mapped_column(String(20))  # "final" or the ISO day of a provisional one
    created_at: Mapped[datetime]


class JobRun(Base):
    """A scheduled job that ran for a period, so a catch-up never runs it twice."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_runs"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(50))
    period: Mapped[str] = mapped_column(String(20))
    ran_at: Mapped[datetime]


class User(Base):
    """A console account. Name, role and unit come from the roster; the password is the person's."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    # office | section_head | supervising_leader | principal_leader | county_officer
    role: Mapped[str] = mapped_column(String(30))
    unit: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # in every session cookie; logout and a password change bump it, so older cookies fail
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CalendarYear(Base):
    """A year's holiday notice as the office imported it; a later import of the year replaces it."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    notice: Mapped[str] = mapped_column(Text)  # the text as pasted, for the record
    imported_at: Mapped[datetime]
    imported_by: Mapped[str] = mapped_column(String(200))
    days: Mapped[list[CalendarDay]] = relationship(
        order_by="CalendarDay.day", cascade="all, delete-orphan"
    )


class CalendarDay(Base):
    """One holiday or make-up working day of an imported notice (maybe in the year before:
    the 元旦 of 2023 began on 2022-12-31)."""

    __tablename__ = "calendar_days"
    year: Mapped[int] = mapped_column(ForeignKey("calendar_years.year"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday | workday
    festival: Mapped[str] = mapped_column(String(100))  # 元旦, 中秋节、国庆节
