"""No button or action is connected straight to a method with an optional first parameter.

Qt hands ``clicked``/``triggered``/``toggled`` their ``checked`` flag, and PySide6 passes it to a
slot that accepts an argument: ``button.clicked.connect(self.run_check)`` called
``run_check(show_refusals=False)``, so Periksa on the claim form never said why a claim was refused
(issue #13). Such methods are connected through ``widgets.on_click``; this test reads every module
of ``ui/`` and fails on the direct connection, naming the file and line.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from bpjs_desktop.ui.claims import claim_form
from bpjs_desktop.ui.common import widgets

UI = Path(widgets.__file__).resolve().parent.parent
SIGNALS = {"clicked", "triggered", "toggled"}


def _methods_with_optional_first_argument(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        # The defaults cover the last parameters: is the one after ``self`` among them?
        if (
            isinstance(node, ast.FunctionDef)
            and len(node.args.args) >= 2
            and node.args.defaults
            and len(node.args.args) - len(node.args.defaults) <= 1
        ):
            names.add(node.name)
    return names


def _direct_connections(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    optional = _methods_with_optional_first_argument(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        signal = node.func.value
        if node.func.attr != "connect" or not isinstance(signal, ast.Attribute):
            continue
        if signal.attr not in SIGNALS or len(node.args) != 1:
            continue
        slot = node.args[0]
        if (
            isinstance(slot, ast.Attribute)
            and isinstance(slot.value, ast.Name)
            and slot.value.id == "self"
            and slot.attr in optional
        ):
            found.append(f"{path.name}:{node.lineno} {signal.attr} → self.{slot.attr}")
    return found


def test_no_signal_with_checked_flag_reaches_an_optional_parameter() -> None:
    found = [hit for path in sorted(UI.rglob("*.py")) for hit in _direct_connections(path)]
    assert found == [], "connect these through widgets.on_click:\n" + "\n".join(found)


def test_the_check_finds_the_claim_form_mistake(tmp_path: Path) -> None:
    # The rule must catch the very line that hid the refusals, or it proves nothing.
    source = inspect.getsource(claim_form).replace(
        "on_click(self.check_button.clicked, self.run_check)",
        "self.check_button.clicked.connect(self.run_check)",
    )
    path = tmp_path / "claim_form.py"
    path.write_text(source, encoding="utf-8")
    assert [hit.split(" ", 1)[1] for hit in _direct_connections(path)] == [
        "clicked → self.run_check"
    ]


def test_on_click_drops_the_checked_flag(qtbot: pytest.FixtureRequest) -> None:
    from PySide6.QtWidgets import QPushButton

    calls: list[tuple[object, ...]] = []

    def slot(*args: object) -> None:
        calls.append(args)

    button = QPushButton("Periksa")
    widgets.on_click(button.clicked, slot)
    button.click()
    assert calls == [()]
