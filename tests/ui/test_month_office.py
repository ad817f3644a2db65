"""The one office chooser: the offices the service gives, each branch followed by its KCPs, and
which other office's change concerns the office chosen."""

from __future__ import annotations

from bpjs_desktop.services.reports import OfficeRow
from bpjs_desktop.ui.common.month_office import OfficeCombo, office_combo

# The service's order: the region first, then by name (a KCP before its branch).
OFFICES = [
    OfficeRow("JTM", "Kanwil Jawa Timur", "KANWIL", None),
    OfficeRow("BGL", "KCP Bangil", "KCP", "PSR"),
    OfficeRow("GRS", "KC Gresik", "KC", "JTM"),
    OfficeRow("PSR", "KC Pasuruan", "KC", "JTM"),
]


def items(combo: OfficeCombo) -> list[tuple[str, object]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def test_each_branch_is_followed_by_its_kcps(qtbot) -> None:
    combo = OfficeCombo()
    qtbot.addWidget(combo)
    combo.fill(OFFICES, chosen="PSR")
    assert items(combo) == [
        ("Semua kantor", None),
        ("KC Gresik", "GRS"),
        ("KC Pasuruan", "PSR"),
        ("    KCP Bangil", "BGL"),
    ]
    assert combo.office_code == "PSR"


def test_the_region_as_its_own_row_and_codes_for_the_forms(qtbot) -> None:
    region = OfficeCombo()
    qtbot.addWidget(region)
    region.fill(OFFICES, every=False, region=True)
    assert [text for text, _code in items(region)] == [
        "Seluruh Kanwil Jawa Timur",
        "    KC Gresik",
        "    KC Pasuruan",
        "        KCP Bangil",
    ]
    form = OfficeCombo()
    qtbot.addWidget(form)
    form.fill(OFFICES, every=False, codes=True, chosen="BGL")
    assert form.currentText() == "    BGL · KCP Bangil"
    assert form.office_code == "BGL"


def test_a_change_concerns_the_office_its_kcps_and_its_branch_only(qtbot) -> None:
    """A page showing KC Pasuruan (with its KCPs) reloads for Pasuruan and Bangil, not Gresik;
    a page showing KCP Bangil also for Pasuruan (a branch's month close covers its KCPs); the
    whole region and "all offices" for every office."""
    combo = OfficeCombo()
    qtbot.addWidget(combo)
    combo.fill(OFFICES, every=True, region=True)
    assert combo.office_code is None and combo.concerns("GRS") and combo.concerns("BGL")
    combo.setCurrentIndex(combo.findData("JTM"))
    assert combo.concerns("GRS") and combo.concerns("BGL")
    combo.setCurrentIndex(combo.findData("PSR"))
    assert combo.concerns("PSR") and combo.concerns("BGL") and not combo.concerns("GRS")
    combo.setCurrentIndex(combo.findData("BGL"))
    assert combo.concerns("PSR") and not combo.concerns("GRS")
    # A close of the region is announced for no one office (the month-close dialog asks this).
    assert combo.whole_region("JTM") and not combo.whole_region("PSR")


def test_a_branch_head_is_offered_their_scope_with_their_office_first(qtbot, session_for) -> None:
    """The service scopes the offices: the head of KC Gresik sees Gresik (and its KCPs), not
    the other branches; "Semua kantor" is that scope."""
    head = session_for("kepala.grs")
    combo = office_combo(head)
    qtbot.addWidget(combo)
    assert combo.office_code == "GRS"
    codes = [combo.itemData(i) for i in range(1, combo.count())]
    assert "GRS" in codes
    assert all(o.code == "GRS" or o.parent_code == "GRS" for o in combo.offices)


def test_the_arrears_and_pds_pages_offer_a_branch_head_no_every_office_entry(
    qtbot, session_for
) -> None:
    """Without an office chosen, those pages list every officer of the region: a branch head
    chooses among their own offices only; the regional head still has "Semua kantor"."""
    from bpjs_desktop.ui.arrears.arrears_page import ArrearsWorklistPage

    branch = ArrearsWorklistPage(session_for("kepala.grs"))
    qtbot.addWidget(branch)
    assert None not in [branch.office_combo.itemData(i) for i in range(branch.office_combo.count())]
    assert branch.office_combo.office_code == "GRS"
    region = office_combo(session_for("admin"), every_for_branch=False)
    qtbot.addWidget(region)
    assert region.itemData(0) is None and region.itemText(0) == "Semua kantor"
