"""Hypothesis settings shared by the property tests (no example database on disk)."""

from __future__ import annotations

from hypothesis import settings

# database=None: the tests leave no .hypothesis directory in the working tree.
PROPERTY = settings(database=None, deadline=None, max_examples=200)
