"""Where an office database may live: network shares and synced folders recognised by path."""

from __future__ import annotations

import pytest

from bpjs_desktop.domain.db_location import (
    LocationKind,
    LocationRisk,
    location_risk,
    parse_mounts,
    unc_share,
)

PROC_MOUNTS = r"""sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda2 / ext4 rw,relatime 0 0
/dev/sda3 /home ext4 rw,relatime 0 0
//fileserver/kantor /mnt/kantor cifs rw,relatime,vers=3.0 0 0
nas:/export/data /srv/data nfs4 rw,relatime 0 0
budi@host:/arsip /home/budi/arsip fuse.sshfs rw,nosuid 0 0
/dev/sdb1 /media/budi/USB\040DISK vfat rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        (r"\\fileserver\kantor\bpjs.sqlite", r"\\fileserver\kantor"),
        (r"\\FILESERVER\Kantor\sub\folder\bpjs.sqlite", r"\\FILESERVER\Kantor"),
        ("//fileserver/kantor/bpjs.sqlite", r"\\fileserver\kantor"),
        (r"\\?\UNC\fileserver\kantor\bpjs.sqlite", r"\\fileserver\kantor"),
    ],
)
def test_windows_unc_paths_are_network_shares(path: str, detail: str) -> None:
    assert location_risk(path, windows=True) == LocationRisk(LocationKind.NETWORK, detail)


@pytest.mark.parametrize(
    "path",
    [r"C:\Users\budi\Documents\bpjs.sqlite", r"\\?\C:\very\long\path\bpjs.sqlite", r"D:\bpjs.db"],
)
def test_windows_local_paths_are_fine(path: str) -> None:
    assert location_risk(path, windows=True) is None
    assert unc_share(path) is None


def test_windows_mapped_network_drive_is_a_share() -> None:
    """Z: mapped to a share: only the operating system knows (GetDriveTypeW says DRIVE_REMOTE)."""
    risk = location_risk(r"Z:\bpjs\kantor.sqlite", windows=True, remote_drive=True)
    assert risk == LocationRisk(LocationKind.NETWORK, "Z:")


@pytest.mark.parametrize(
    ("path", "client"),
    [
        (r"C:\Users\budi\OneDrive\Documents\bpjs.sqlite", "OneDrive"),
        (r"C:\Users\budi\OneDrive - BPJS Ketenagakerjaan\bpjs.sqlite", "OneDrive"),
        (r"C:\Users\budi\Dropbox\kantor\bpjs.sqlite", "Dropbox"),
        (r"G:\My Drive\bpjs.sqlite", None),  # a Google Drive letter: only by the drive type
        (r"C:\Users\budi\Google Drive\bpjs.sqlite", "Google Drive"),
        (r"C:\Users\budi\iCloudDrive\bpjs.sqlite", "iCloud"),
        (r"C:\Users\budi\Documents\dropbox-notes.sqlite", None),  # a file name, not a folder
    ],
)
def test_windows_synced_folders(path: str, client: str | None) -> None:
    expected = None if client is None else LocationRisk(LocationKind.CLOUD, client)
    assert location_risk(path, windows=True) == expected


def test_linux_mount_table_is_read_with_escaped_spaces() -> None:
    mounts = parse_mounts(PROC_MOUNTS)
    assert ("/mnt/kantor", "cifs") in mounts
    assert ("/media/budi/USB DISK", "vfat") in mounts


@pytest.mark.parametrize(
    "path",
    [
        "/home/budi/bpjs.sqlite",  # /home is ext4, though /home/budi/arsip below it is sshfs
        "/media/budi/USB DISK/bpjs.sqlite",
        "/mnt/kantor-lokal/bpjs.sqlite",  # a sibling whose name starts like the share's
        "/tmp/bpjs.sqlite",
    ],
)
def test_linux_local_mounts_are_fine(path: str) -> None:
    assert location_risk(path, windows=False, mounts=parse_mounts(PROC_MOUNTS)) is None


@pytest.mark.parametrize(
    ("path", "kind", "detail"),
    [
        # network mounts of the mount table: shares
        ("/mnt/kantor/bpjs.sqlite", LocationKind.NETWORK, "cifs /mnt/kantor"),
        ("/srv/data/kc-gresik/bpjs.sqlite", LocationKind.NETWORK, "nfs4 /srv/data"),
        ("/home/budi/arsip/bpjs.sqlite", LocationKind.NETWORK, "fuse.sshfs /home/budi/arsip"),
        # folders a sync client keeps
        ("/home/budi/Dropbox/bpjs.sqlite", LocationKind.CLOUD, "Dropbox"),
        ("/home/budi/OneDrive/kantor/bpjs.sqlite", LocationKind.CLOUD, "OneDrive"),
        ("/Users/budi/Library/Mobile Documents/com~apple~CloudDocs/bpjs.sqlite",
         LocationKind.CLOUD, "iCloud"),
        ("/Users/budi/Google Drive/bpjs.sqlite", LocationKind.CLOUD, "Google Drive"),
    ],
)  # fmt: skip
def test_posix_shares_and_synced_folders_are_named(
    path: str, kind: LocationKind, detail: str
) -> None:
    risk = location_risk(path, windows=False, mounts=parse_mounts(PROC_MOUNTS))
    assert risk == LocationRisk(kind, detail)
