"""Outbound mail: enqueue in the caller's transaction, deliver later, at least once."""

from daemon.outbox.enqueue import enqueue

__all__ = ["enqueue"]
