"""A private, throwaway PostgreSQL server for tests and benchmarks (never for real data).

``PgServer`` runs ``initdb`` into a temporary folder and starts ``postgres`` on a Unix socket
there, listening on no TCP port. PostgreSQL refuses to run as root, so as root the server runs as
the ``postgres`` system user (``runuser``), which owns the temporary folder.
"""

from __future__ import annotations

import glob
import logging
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import StoreError

log = logging.getLogger(__name__)


def find_bin(name: str) -> str | None:
    """A PostgreSQL server program: Debian keeps them in /usr/lib/postgresql/VERSION/bin."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parts[4].split(".")],
    )
    return found[-1] if found else shutil.which(name)


def available() -> bool:
    return all(find_bin(n) for n in ("initdb", "pg_ctl", "postgres"))


class PgServer:
    """Start with ``start()`` (or ``with PgServer() as pg``); ``pg.url(db)`` gives a connection URL."""

    def __init__(self, *, port: int = 54329) -> None:
        if not available():
            raise StoreError(
                "PostgreSQL server programs not found",
                hint="install the Debian package postgresql (scripts/system-deps.sh does)",
            )
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="saidwhat-pg-"))
        self.data = self.dir / "data"
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.role = self.user or pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *cmd: str) -> None:
        full = list(cmd)
        if self.user:
            full = ["runuser", "-u", self.user, "--", *full]
        proc = subprocess.run(full, capture_output=True, text=True)
        if proc.returncode:
            raise StoreError(f"{Path(cmd[0]).name} failed: {(proc.stderr or proc.stdout).strip()[-500:]}")

    def start(self) -> PgServer:
        self._run(
            find_bin("initdb") or "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "-U",
            self.role,
        )
        opts = (
            f"-k {self.dir} -p {self.port} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            find_bin("pg_ctl") or "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
        )
        return self

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.role}@/{dbname}?host={self.dir}&port={self.port}"

    def create_db(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(
                find_bin("pg_ctl") or "pg_ctl",
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "-w",
                "stop",
            )
        except StoreError as exc:
            log.warning("stopping the test PostgreSQL server: %s", exc)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PgServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
