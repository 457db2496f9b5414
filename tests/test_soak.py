"""bench/soak.py, shortened: kills, an IMAP and an SMTP outage, a second daemon.

It asserts counts only (nothing lost, doubled or half-written; every acknowledgement
delivered), never speed: the full-size run and its figures are in docs/benchmarks.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.soak import SoakOptions, run_soak
from tests.servers import Dovecot, SmtpTrap

SHORT = SoakOptions(n=120, kills=6, imap_outage=4.0, smtp_outage=15.0, second=4.0, seed=7)


def test_short_soak_files_everything_once_and_acknowledges_it(
    tmp_path: Path, dovecot: Dovecot, smtp_server: SmtpTrap
) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")
    result = run_soak(SHORT, tmp_path, dovecot, smtp_server)
    summary = f"{result.report()} (log: {result.log})"
    assert result.messages == SHORT.n, summary
    assert (result.lost, result.duplicated, result.half_written) == (0, 0, 0), summary
    assert result.quarantined == 0, summary
    assert result.items == SHORT.n, summary
    assert result.acks_delivered == result.acks_expected == SHORT.n, summary
    assert result.acks_twice == 0 and result.outbox_unsent == 0, summary
