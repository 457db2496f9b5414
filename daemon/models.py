"""SQLAlchemy tables. The schema itself is owned by Alembic (migrations/)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
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
    uidvalidity: Mapped[int] = mapped_column(Integer)
    last_uid: Mapped[int] = mapped_column(Integer, default=0)
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
    uidvalidity: Mapped[int] = mapped_column(Integer)
    uid: Mapped[int] = mapped_column(Integer)
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
        Index("ix_items_unit", "unit"),
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
    article_source: Mapped[str] = mapped_column(String(300), default="body")
    article_text: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_charset: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]

    message: Mapped[Message] = relationship(foreign_keys=[message_row_id])
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

