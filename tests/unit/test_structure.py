"""Small rooms (issue #14): no function of the tree (the application, its tests, benchmarks and
tools) runs past 80 lines unless its docstring says why, in a line that starts "Long because".

A long function hides its steps; a reader should find each step under a name. Where one piece
reads best (a form laid out top to bottom), the docstring says so. Alembic revisions' ``upgrade``
and ``downgrade`` are frozen history: they are left as they were written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import bpjs_desktop

LIMIT = 80
PACKAGE = Path(bpjs_desktop.__file__).parent
ROOT = PACKAGE.parent
FOLDERS = ("bpjs_desktop", "alembic", "tests", "bench", "tools", "packaging")


def _reason_given(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    docstring = ast.get_docstring(node) or ""
    return any(line.strip().startswith("Long because") for line in docstring.splitlines())


def long_functions() -> list[str]:
    """``path:line name (N lines)`` of every function over the limit without a reason."""
    found = []
    paths = sorted(path for folder in FOLDERS for path in (ROOT / folder).rglob("*.py"))
    for path in paths:
        relative = path.relative_to(ROOT)
        frozen = "alembic" in relative.parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            assert node.end_lineno is not None
            length = node.end_lineno - node.lineno + 1
            if length <= LIMIT or _reason_given(node):
                continue
            if frozen and node.name in ("upgrade", "downgrade"):
                continue
            found.append(f"{relative}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_longer_than_80_lines_without_a_reason() -> None:
    assert long_functions() == [], (
        "split these into named steps, or say why one piece reads best in a docstring line "
        "starting 'Long because'"
    )


def test_the_check_sees_a_long_function_and_its_reason() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    plain = ast.parse(f"def f():\n{body}\n").body[0]
    excused = ast.parse(
        f'def f():\n    """Lays out a form.\n\n    Long because a form reads top to bottom."""\n{body}\n'
    ).body[0]
    assert isinstance(plain, ast.FunctionDef) and isinstance(excused, ast.FunctionDef)
    assert not _reason_given(plain)
    assert _reason_given(excused)
