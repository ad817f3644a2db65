"""Moved to :mod:`bpjs_desktop.ui.common.tables` (issue #14: one list model); kept as names only."""

from bpjs_desktop.ui.common.tables import Column, PagedModel, PageSource

PagedTableModel = PagedModel

__all__ = ["Column", "PageSource", "PagedModel", "PagedTableModel"]
