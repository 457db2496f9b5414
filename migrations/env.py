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


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    # APScheduler's job store creates and owns its own table in the same database.
    return not (type_ == "table" and name == "apscheduler_jobs")


with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        include_object=include_object,
    )
    context.run_migrations()
