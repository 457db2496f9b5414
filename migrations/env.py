"""Alembic environment: the engine comes from govinfo (daemon.db), never from an ini file."""

from __future__ import annotations

from typing import Any

from alembic import context

from daemon.models import Base, UtcDateTime

engine = context.config.attributes["engine"]


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # Migrations name plain SQLAlchemy types so they never break when daemon.models changes.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
    )
    context.run_migrations()
