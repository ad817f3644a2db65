"""The packaging files agree with each other and with what the issue asks of the installer:
per user, no administrator rights, a Start-menu entry and an uninstaller, the office data kept on
uninstall. (Compiling it needs Windows: README, "Windows installer".)"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = (ROOT / "packaging" / "installer.iss").read_text(encoding="utf-8")
SPEC = (ROOT / "packaging" / "bpjs-desktop.spec").read_text(encoding="utf-8")


def _setup(key: str) -> str:
    match = re.search(rf"^{key}=(.*)$", ISS, re.MULTILINE)
    assert match, f"[Setup] {key} missing"
    return match.group(1).strip()


def test_installer_is_per_user_with_start_menu_and_uninstaller() -> None:
    assert _setup("PrivilegesRequired") == "lowest"
    assert _setup("DefaultDirName").startswith(("{userpf}", "{localappdata}"))
    assert re.search(
        r'^Name: "\{group\}\\bpjs-desktop"; Filename: "\{app\}\\bpjs-desktop\.exe"', ISS, re.M
    )
    assert re.search(r'Filename: "\{uninstallexe\}"', ISS)
    assert "Uninstallable=no" not in ISS
    # Nothing for all users (that would need administrator rights).
    assert not re.search(r"\{(commonpf|commondesktop|commonprograms|autopf|commonappdata)", ISS)


def test_installer_keeps_the_data_folder_on_uninstall() -> None:
    """The database lives in %LOCALAPPDATA%\\BPJS\\bpjs-desktop (platformdirs, paths.py): the
    script neither installs there nor deletes anything outside {app}."""
    code = "\n".join(line for line in ISS.splitlines() if not line.lstrip().startswith(";"))
    assert "[UninstallDelete]" not in code
    assert "BPJS" not in re.sub(r"AppPublisher=.*", "", code)
    for section in re.findall(r"^\[(?:InstallDelete|Dirs)\]\n(.*?)(?=^\[|\Z)", code, re.M | re.S):
        assert all("{app}" in line for line in section.splitlines() if line.strip())


def test_installer_takes_the_folder_the_spec_builds() -> None:
    (source,) = re.findall(r'^Source: "([^"]+)"', ISS, re.M)
    assert source == r"..\dist\bpjs-desktop\*"
    assert (
        'COLLECT(exe, console_exe, analysis.binaries, analysis.datas, name="bpjs-desktop")' in SPEC
    )
    assert 'name="bpjs-desktop"' in SPEC and 'name="bpjs-desktop-cli"' in SPEC
    version = re.search(r'#define AppVersion "([^"]+)"', ISS)
    from bpjs_desktop import __version__

    assert version and version.group(1) == __version__
