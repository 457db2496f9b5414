"""A self-signed certificate for loopback test servers, made once per test session.

The daemon verifies certificates, so a TLS test server needs a certificate the client can
trust: the certificate is its own CA, so a client passes ``cert.cert_path`` as its CA file.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SelfSignedCert:
    cert_path: Path  # PEM certificate; also the CA file a client trusts
    key_path: Path  # PEM private key, unencrypted

    @property
    def ca_file(self) -> Path:
        return self.cert_path


_lock = threading.Lock()
_cached: SelfSignedCert | None = None


def make_self_signed(directory: Path) -> SelfSignedCert:
    """Write a fresh key and certificate for localhost and 127.0.0.1 into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    cert = directory / "cert.pem"
    key = directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-keyout", str(key), "-out", str(cert), "-days", "3650",
            "-subj", "/CN=localhost",
            # clients check the name against the SAN, not the CN: cover both ways of
            # reaching a loopback server
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-addext", "basicConstraints=critical,CA:TRUE",
        ],
        check=True,
        capture_output=True,
    )
    # Dovecot's login processes run as dovenull and read the files through the config
    # process, but keep them world-readable so a non-root run works as well
    cert.chmod(0o644)
    key.chmod(0o644)
    return SelfSignedCert(cert_path=cert, key_path=key)


def self_signed_cert() -> SelfSignedCert:
    """One certificate per process: an RSA key takes a noticeable fraction of a second."""
    global _cached
    with _lock:
        if _cached is None or not _cached.cert_path.exists():
            directory = Path(tempfile.mkdtemp(prefix="govinfo-cert-"))
            directory.chmod(0o755)
            atexit.register(shutil.rmtree, directory, ignore_errors=True)
            _cached = make_self_signed(directory)
        return _cached
