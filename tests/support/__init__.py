"""Helpers the integration tests share: a config on real servers, and county mail."""
