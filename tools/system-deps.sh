#!/usr/bin/env bash
# Install the Debian/Ubuntu packages this project needs and the machine lacks (Qt's libraries for
# the offscreen and X11 platforms, Python's venv, make, LibreOffice Calc for the print test; with
# --postgres a PostgreSQL server).
# Elsewhere (Windows, macOS, other Linux) it does nothing: Qt ships its own libraries there.
set -euo pipefail

command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || exit 0

# Offscreen needs these (stack-notes §2b, verified on a bare Debian 12); fonts come with
# libfontconfig1. The xcb ones let the window open on a desktop session or under Xvfb.
packages=(libgl1 libegl1 libfontconfig1 fonts-dejavu-core libdbus-1-3 libglib2.0-0 libxkbcommon0
          libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
          libxcb-render-util0 libxcb-shape0 libxcb-xkb1
          python3 python3-venv make ca-certificates
          libreoffice-calc-nogui fonts-crosextra-carlito)
# LibreOffice Calc (no GUI) prints the monthly workbook to PDF in
# tests/services/test_workbook_print.py (skipped without it); Carlito has Calibri's metrics, so it
# lays the pages out as Excel does. On the project image: 59 packages, 90 MB to download, +278 MB
# on disk, 42 s to install with the archives already downloaded (measured).
if [ "${1:-}" = "--postgres" ]; then
    packages+=(postgresql)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "system-deps: installing ${missing[*]}"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
