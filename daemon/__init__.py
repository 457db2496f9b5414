"""govinfo: the government-information daemon of 定西市发展和改革委员会."""

__version__ = "0.1.0"
