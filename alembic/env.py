"""Alembic environment, for the app and for ``alembic`` run from a checkout.

The app (bpjs_desktop.db.migrate) runs it on a connection it has opened, backed up and locked:
``config.attributes["connection"]``. From the top of a checkout, the ``alembic`` command (its
settings in alembic.ini there) runs it on the database that one of these names, first found first:

    alembic -x db=var/office.sqlite upgrade head        # a SQLite file
    alembic -x url=postgresql://user@server/bpjs upgrade head
    BPJS_DB_URL=sqlite:///var/office.sqlite alembic upgrade head
    sqlalchemy.url in alembic.ini

It opens the database with the app's own settings (bpjs_desktop.db.engine) and runs the revisions
in one transaction with the same foreign-key handling as the app (``schema_change``). It takes
no backup and no lock: that is what ``bpjs-desktop migrate --db PATH`` is for.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context

from bpjs_desktop.db.engine import make_engine, sqlite_url
from bpjs_desktop.db.migrate import include_name, schema_change
from bpjs_desktop.db.models import Base, UtcDateTime

config = context.config
target_metadata = Base.metadata

URL_VARIABLE = "BPJS_DB_URL"

if config.config_file_name is not None:  # the alembic command (the app passes no file)
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Render our column types as plain SQLAlchemy types, so revisions never import the models."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime()"
    return False


def database_url() -> str:
    """The database an ``alembic`` command names (see the module's docstring)."""
    x = context.get_x_argument(as_dictionary=True)
    if x.get("db"):
        return sqlite_url(x["db"])
    url = x.get("url") or os.environ.get(URL_VARIABLE) or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit(
            f"alembic: name the database: -x db=PATH (SQLite), -x url=URL, {URL_VARIABLE}=URL "
            "or sqlalchemy.url in alembic.ini"
        )
    return url


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        render_item=render_item,
        include_name=include_name,
        **kwargs,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # the app: transaction, backup and lock are its own
        # SQLite cannot ALTER most things: batch mode rebuilds the table (stack-notes §5.16).
        _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(database_url())
    try:
        with engine.connect() as connection, schema_change(connection):
            _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    _configure(url=database_url(), literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
