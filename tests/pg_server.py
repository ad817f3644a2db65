"""A throwaway PostgreSQL server for a test run, from the PostgreSQL binaries on the machine.

`make test` must run the PostgreSQL half of the suite on a fresh machine without anyone setting up
a cluster first. When ``BPJS_TEST_PG_URL`` is not set, the run (the xdist controller, or the only
process) reserves a private folder in :func:`prepare`; the first test that needs PostgreSQL starts
a server there (``initdb`` + ``pg_ctl``, on a free port of 127.0.0.1, with a random password), and
every other worker finds it through a file lock and a file holding its URL. :func:`stop` stops it
and removes the folder at the end of the run.

initdb refuses to run as root; as root the server is run by the ``postgres`` system user that
Debian's ``postgresql`` package creates (``runuser -u postgres --``), in a folder it owns.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

DIR_VARIABLE = "BPJS_TEST_PG_DIR"
NOT_INSTALLED = "PostgreSQL not installed: run tools/system-deps.sh --postgres"
_USER = "bpjs_test"


def binaries() -> Path | None:
    """The folder of the newest installed PostgreSQL's initdb and pg_ctl, or None."""
    debian = sorted(
        (p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
        key=lambda folder: [int(n) for n in re.findall(r"\d+", folder.parent.name)] or [0],
    )
    candidates = [*reversed(debian)]
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).parent)
    for folder in candidates:
        if (folder / "pg_ctl").is_file():
            return folder
    return None


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def prepare() -> tuple[Path | None, str]:
    """Reserve this run's server folder; (folder, header line) or (None, why not)."""
    if os.name == "nt":
        return None, "PostgreSQL: no throwaway server on Windows; set BPJS_TEST_PG_URL"
    folder = binaries()
    if folder is None:
        return None, NOT_INSTALLED
    if _as_root():
        import pwd

        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            return None, "PostgreSQL: no 'postgres' system user to run initdb as (it refuses root)"
    # As root, in /tmp itself: a private TMPDIR (/root/tmp) is one the postgres user cannot enter.
    run_dir = Path(tempfile.mkdtemp(prefix="bpjs-pg-", dir="/tmp" if _as_root() else None))
    if _as_root():
        os.chown(run_dir, owner.pw_uid, owner.pw_gid)
    os.environ[DIR_VARIABLE] = str(run_dir)
    return run_dir, (
        f"PostgreSQL: throwaway server from {folder}, started in {run_dir} by the first "
        "PostgreSQL test (BPJS_TEST_PG_URL not set)"
    )


def _run(command: list[str], log: Path) -> None:
    name = Path(command[0]).name
    if _as_root():
        command = ["runuser", "-u", "postgres", "--", *command]
    with log.open("ab") as output:
        # From /, which the postgres user can always enter (the checkout may be private).
        done = subprocess.run(
            command, cwd="/", stdout=output, stderr=subprocess.STDOUT, timeout=120, check=False
        )
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        raise RuntimeError(f"{name} failed ({' '.join(command)}): {' | '.join(tail)}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(run_dir: Path) -> str:
    folder = binaries()
    if folder is None:
        raise RuntimeError(NOT_INSTALLED)
    data = run_dir / "data"
    log = run_dir / "server.log"
    password = secrets.token_hex(16)
    pwfile = run_dir / "pwfile"
    pwfile.write_text(password + "\n", encoding="utf-8")
    if _as_root():
        shutil.chown(pwfile, "postgres")
        log.touch()
        shutil.chown(log, "postgres")
    _run(
        [str(folder / "initdb"), "-D", str(data), "-U", _USER, f"--pwfile={pwfile}",
         "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
        log,
    )  # fmt: skip
    pwfile.unlink()
    port = _free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={run_dir} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    _run([str(folder / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w",
          "-t", "60", "start"], log)  # fmt: skip
    return f"postgresql+psycopg://{_USER}:{password}@127.0.0.1:{port}/postgres"


def url() -> str:
    """The URL of this run's throwaway server, starting it if no process has yet.

    Raises:
        RuntimeError: why the server could not be started (the same reason for every worker).
    """
    import fcntl

    run_dir = Path(os.environ[DIR_VARIABLE])
    with (run_dir / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done, failed = run_dir / "url", run_dir / "failed"
        if failed.exists():
            raise RuntimeError(failed.read_text(encoding="utf-8"))
        if not done.exists():
            try:
                done.write_text(_start(run_dir), encoding="utf-8")
            except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
                failed.write_text(f"PostgreSQL test server did not start: {exc}", encoding="utf-8")
                raise RuntimeError(failed.read_text(encoding="utf-8")) from exc
        return done.read_text(encoding="utf-8")


def stop(run_dir: Path) -> None:
    """Stop the run's server if one was started, and remove its folder."""
    folder = binaries()
    if folder is not None and (run_dir / "data" / "postmaster.pid").exists():
        # (should stopping fail, the folder goes all the same: a server whose postmaster.pid is
        # gone shuts itself down within a minute)
        with contextlib.suppress(OSError, RuntimeError, subprocess.SubprocessError):
            _run(
                [str(folder / "pg_ctl"), "-D", str(run_dir / "data"), "-m", "immediate", "-w",
                 "stop"],
                run_dir / "server.log",
            )  # fmt: skip
    shutil.rmtree(run_dir, ignore_errors=True)
