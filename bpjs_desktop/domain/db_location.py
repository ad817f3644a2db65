"""Where an office database may live: not on a network share, not in a synced cloud folder.

SQLite's locking relies on the file system of the computer it runs on; a network file system
(SMB/CIFS, NFS, SSHFS) implements those locks badly or not at all, and WAL mode needs shared
memory that only works on one machine (sqlite.org/useovernet.html, stack-notes §17). A folder
kept in step by a sync client (OneDrive, Dropbox, Google Drive, iCloud) is worse: the client
copies the file while SQLite writes it and may put back an older copy or a "conflicted copy".
Pure functions over the path text and a mount table, so both platforms' rules are tested anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath

NETWORK_FS_TYPES = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "fuse.sshfs",
        "davfs", "fuse.davfs2", "afs", "ncpfs", "9p", "fuse.rclone", "glusterfs", "ceph",
    }
)  # fmt: skip

# A path component naming a sync client's folder (compared case-insensitively). OneDrive's
# business folders are "OneDrive - <Company>"; Google Drive for desktop mounts "My Drive" under
# "Google Drive" or a drive letter "GoogleDrive"; iCloud Drive is "iCloudDrive" on Windows and
# ".../Mobile Documents/com~apple~CloudDocs" on a Mac.
CLOUD_FOLDERS = (
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("icloud drive", "iCloud"),
    ("iclouddrive", "iCloud"),
    ("mobile documents", "iCloud"),
    ("com~apple~clouddocs", "iCloud"),
)


class LocationKind(StrEnum):
    NETWORK = "network"  # a share on another computer
    CLOUD = "cloud"  # a folder a sync client copies


@dataclass(frozen=True, slots=True)
class LocationRisk:
    kind: LocationKind
    detail: str  # the share (\\server\share), the file system type, or the sync client's name


def parse_mounts(text: str) -> list[tuple[str, str]]:
    r"""(mount point, file-system type) pairs of a Linux ``/proc/mounts`` text (``\040`` = space)."""
    mounts: list[tuple[str, str]] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = fields[1].encode().decode("unicode_escape") if "\\" in fields[1] else fields[1]
            mounts.append((point, fields[2]))
    return mounts


def _mount_of(path: str, mounts: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The mount that holds *path* (the longest mount point that is a prefix of it)."""
    target = PurePosixPath(path)
    best: tuple[str, str] | None = None
    for point, fstype in mounts:
        mount = PurePosixPath(point)
        if (target == mount or mount in target.parents) and (
            best is None or len(point) > len(best[0])
        ):
            best = (point, fstype)
    return best


def unc_share(path: str) -> str | None:
    r"""``\\server\share`` when *path* is a Windows UNC path (also ``\\?\UNC\…`` and ``//…``).

    ``\\?\C:\…`` (a long local path) and ``\\.\…`` (a device) are not shares.
    """
    text = path.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        text = "\\\\" + text[8:]
    elif text.startswith(("\\\\?\\", "\\\\.\\")) or not text.startswith("\\\\"):
        return None
    parts = [p for p in text[2:].split("\\") if p]
    if not parts:
        return None
    return "\\\\" + "\\".join(parts[:2])


def cloud_client(path: str, *, windows: bool) -> str | None:
    """The sync client whose folder holds *path* ("OneDrive", "Dropbox", …), or None."""
    parts = PureWindowsPath(path).parts if windows else PurePosixPath(path).parts
    for part in parts[:-1]:  # folders only: a file merely named "dropbox.sqlite" is not synced
        name = part.strip("\\/").casefold()
        for needle, client in CLOUD_FOLDERS:
            if name == needle or name.startswith(needle + " - ") or name.startswith(needle + "-"):
                return client
    return None


def location_risk(
    path: str,
    *,
    windows: bool,
    mounts: list[tuple[str, str]] | None = None,
    remote_drive: bool = False,
) -> LocationRisk | None:
    """Why *path* (absolute) is a poor place for an office database, or None when it is local.

    Args:
        windows: judge the path as a Windows path (UNC shares, drive letters).
        mounts: Linux mount table (``parse_mounts``); ignored on Windows.
        remote_drive: Windows says the path's drive letter is a network drive (GetDriveTypeW).
    """
    if windows:
        share = unc_share(path)
        if share is not None:
            return LocationRisk(LocationKind.NETWORK, share)
        if remote_drive:
            return LocationRisk(LocationKind.NETWORK, PureWindowsPath(path).drive)
    elif mounts:
        mount = _mount_of(path, mounts)
        if mount is not None and mount[1].casefold() in NETWORK_FS_TYPES:
            return LocationRisk(LocationKind.NETWORK, f"{mount[1]} {mount[0]}")
    client = cloud_client(path, windows=windows)
    if client is not None:
        return LocationRisk(LocationKind.CLOUD, client)
    return None
