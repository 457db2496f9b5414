"""TLS for both mail connections (IMAP in, SMTP out): certificates verified, a CA file trusted too."""

from __future__ import annotations

import ssl


def ssl_context(ca_file: str | None) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context
