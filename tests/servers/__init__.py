"""Throwaway servers for tests: Dovecot IMAP and an aiosmtpd SMTP trap, both on loopback."""

from collections.abc import Callable

from .certs import SelfSignedCert, self_signed_cert
from .dovecot import Dovecot, DovecotError
from .smtp import CapturedMail, SmtpTrap

# what the dovecot_factory / smtp_factory fixtures yield, for test signatures
DovecotFactory = Callable[..., Dovecot]
SmtpFactory = Callable[..., SmtpTrap]

__all__ = [
    "CapturedMail",
    "Dovecot",
    "DovecotError",
    "DovecotFactory",
    "SelfSignedCert",
    "SmtpFactory",
    "SmtpTrap",
    "self_signed_cert",
]
