"""Start-up builds the overview only; every other page is built the first time it is visited
(issue #14: a usable window within three times an empty window's start)."""

from __future__ import annotations

from bpjs_desktop.ui.main_window import MainWindow


def test_only_the_overview_is_built_at_start_and_a_page_on_its_first_visit(
    session, make_window
) -> None:
    window: MainWindow = make_window(session)
    assert window.built_pages == {}
    assert window.pages.currentWidget() is window.overview_page
    assert window.overview_page.summary is not None  # its figures, from the monthly facts

    row = next(r for r, name in window.nav_names.items() if name == "workers_page")
    window.navigation.setCurrentRow(row)
    assert set(window.built_pages) == {"workers_page"}
    assert window.pages.currentWidget() is window.workers_page
    window.go_back()
    assert window.pages.currentWidget() is window.overview_page
    assert window.workers_page is window.built_pages["workers_page"]  # built once
