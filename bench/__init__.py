"""Benchmarks on full-scale demo data (``make bench``); not part of ``make test``."""
