"""Workflows: one module each. They own transactions, permissions and the audit trail.

Every public function takes the :class:`~bpjs_desktop.db.engine.Database` and the acting
:class:`~bpjs_desktop.services.context.Actor`, does its work in one transaction that also
records an audit event, and hands back plain frozen dataclasses (``…Row``/``…Summary``), never
live ORM objects. No Qt here (checked by import-linter).
"""
