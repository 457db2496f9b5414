"""Data files bundled with the daemon (read with importlib.resources)."""
