"""The office's actions: one plain function each, under both the CLI and the console.

Every action takes a SQLAlchemy session (the caller owns the transaction), the settings,
an :class:`~daemon.actions.base.Actor` and typed keyword arguments. It applies the rules,
writes the audit trail and any outbound mail in that same session, and returns a
:class:`~daemon.actions.base.Done` whose ``message`` is the Chinese sentence a person
reads and whose ``data`` is JSON-able; or it raises one :class:`~daemon.actions.base.Refusal`
saying in Chinese why not. Neither front end re-checks what an action checks.

Layers (checked by import-linter in the test command): ``cli``/``commands``/``web`` call
``actions``; ``actions`` call ``intake``, ``scoring``, ``documents``, ``outbox``; those call
``parsing``, ``mailbox``, ``models``, ``config``. Nothing imports upwards.
"""
