"""Outbound mail: enqueue in the caller's transaction, deliver later, at least once."""

from daemon.outbox.enqueue import configured, enqueue

__all__ = ["configured", "enqueue"]
