"""Backups of the database and the uploaded files, and their restore (``fazhi backup``, ``fazhi restore``).

A backup is one file, ``fazhi-backup-YYYYMMDD-HHMMSS.tar.gz`` (local time), and beside it
``fazhi-backup-YYYYMMDD-HHMMSS.tar.gz.sha256``, the ``sha256sum`` line of the whole archive (``sha256sum -c``
checks it on any machine). One file rather than a folder: it is copied, checksummed and carried off site as a
unit, and nothing can be half-copied without the checksum saying so. Its members:

    database/fazhi.sqlite3   SQLite: a copy made with the online backup API (a running server is no problem)
    database/fazhi.pgdump    PostgreSQL: ``pg_dump -Fc`` run in the snapshot the manifest's counts were taken in
    media/…                  every file under MEDIA_ROOT (uploaded attachments, error workbooks)
    manifest.json            written last: when, which fazhi, which database engine, the latest migration of every
                             app, the row count of every table, and every other member with its size and SHA-256

A restore replaces nothing until everything checks: the archive against its ``.sha256``, then every member,
extracted into a staging folder, against the manifest (none missing, none added, sizes and hashes equal), the
engine against the current database's, the migrations against the ones this fazhi knows. Then it backs up the
current data (``pre_backup_dir``: the audit events written since the backup are kept there), replaces the
database in one transaction (SQLite: the backup API the other way; PostgreSQL: every object of the schema
dropped and the dump restored by ``psql --single-transaction``), and swaps the media folder's contents.
Triggers do not matter: SQLite copies pages, PostgreSQL drops tables (no DELETE, no TRUNCATE runs)."""

import gzip
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = "fazhi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database/fazhi.sqlite3", "postgresql": "database/fazhi.pgdump"}
ENGINE_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
#: Folders of this module's own under MEDIA_ROOT (staging of a restore), never backed up.
WORK_PREFIX = ".fazhi-"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or failure, in Chinese, for the operator."""


@dataclass
class Backup:
    path: Path
    size: int
    sha256: str
    manifest: dict


# ---------------------------------------------------------------- helpers


def engine():
    vendor = connections["default"].vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"不支持备份 {vendor} 数据库，只支持 SQLite 和 PostgreSQL。")
    return vendor


def fazhi_version():
    try:
        return metadata.version("fazhi")
    except metadata.PackageNotFoundError:
        return "unknown"


def human_size(size):
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Reads a file for tarfile and hashes exactly the bytes that went into the archive."""

    def __init__(self, f):
        self.f, self.digest = f, hashlib.sha256()

    def read(self, size=-1):
        data = self.f.read(size)
        self.digest.update(data)
        return data


def media_files(root):
    """(member path below media/, absolute path) of every regular file under MEDIA_ROOT, sorted; symbolic links
    and this module's own staging folders are left out."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == root:
            dirnames[:] = [d for d in dirnames if not d.startswith(WORK_PREFIX)]
        dirnames[:] = [d for d in dirnames if not (here / d).is_symlink()]
        for name in filenames:
            path = here / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def _quote(identifier):
    return '"' + identifier.replace('"', '""') + '"'


TABLES_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
}


def database_state(cursor, vendor):
    """({app: latest applied migration}, {table: row count}) as the cursor's connection sees them."""
    cursor.execute(TABLES_SQL[vendor])
    tables = sorted(row[0] for row in cursor.fetchall())
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            migrations[app] = max(name, migrations.get(app, name))
    return dict(sorted(migrations.items())), counts


def live_state():
    connection = connections["default"]
    with connection.cursor() as cursor:
        return database_state(cursor, connection.vendor)


# ---------------------------------------------------------------- SQLite


def _sqlite_path():
    name = str(connections["default"].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file::memory:") or "mode=memory" in name:
        raise BackupError("内存中的 SQLite 数据库不能备份或恢复。")
    path = Path(name)
    if not path.is_file():
        raise BackupError(f"数据库文件 {path} 不存在。")
    return path


def _sqlite_copy(source, target):
    """The SQLite online backup API, all pages in one step: a consistent copy even while others write."""
    src = sqlite3.connect(source, timeout=20)
    try:
        dst = sqlite3.connect(target, timeout=20)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _sqlite_dump(target):
    _sqlite_copy(_sqlite_path(), target)
    db = sqlite3.connect(target)
    try:
        return database_state(db.cursor(), "sqlite")
    finally:
        db.close()


def _sqlite_check(staged):
    db = sqlite3.connect(staged)
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise BackupError(f"备份中的 SQLite 数据库无法打开（{e}），拒绝恢复，未作任何改动。") from e
    finally:
        db.close()
    if result != "ok":
        raise BackupError(f"备份中的 SQLite 数据库未通过完整性检查（{result}），拒绝恢复，未作任何改动。")


def _sqlite_restore(staged):
    try:
        _sqlite_copy(staged, _sqlite_path())
    except sqlite3.OperationalError as e:
        raise BackupError(f"无法写入数据库（{e}）：请先停止平台服务再恢复。数据库未作改动。") from e


# ---------------------------------------------------------------- PostgreSQL


def pg_binary(name):
    """A PostgreSQL client program: $PG_BINDIR, else the newest /usr/lib/postgresql/*/bin (Debian; a newer
    pg_dump reads any older server), else PATH — the order of scripts/pg-server."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]) / name)

    def version(path):
        return [int(p) if p.isdigit() else 0 for p in re.split(r"[.]", path.parent.parent.name)]

    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=version, reverse=True)
    if found := shutil.which(name):
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    raise BackupError(f"找不到 PostgreSQL 客户端程序 {name}：请安装 postgresql-client，或以环境变量 PG_BINDIR 指明其目录。")


#: libpq connection options (DATABASES OPTIONS) and the environment variables that carry them.
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL", "connect_timeout": "PGCONNECT_TIMEOUT", "options": "PGOPTIONS",
    "application_name": "PGAPPNAME", "service": "PGSERVICE", "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def _pg_settings():
    return connections["default"].settings_dict


def pg_environment():
    """The environment for pg_dump, pg_restore and psql: every connection parameter of DATABASES["default"]
    goes there (the password as PGPASSWORD), none on the command line, where ``ps`` would show it."""
    sd = _pg_settings()
    env = dict(os.environ)
    for key, var in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if sd.get(key):
            env[var] = str(sd[key])
    for option, var in PG_OPTION_ENV.items():
        if sd.get("OPTIONS", {}).get(option) not in (None, ""):
            env[var] = str(sd["OPTIONS"][option])
    return env


def _pg_connect():
    import psycopg

    sd = _pg_settings()
    params = {"dbname": sd["NAME"], "user": sd.get("USER"), "password": sd.get("PASSWORD"), "host": sd.get("HOST"),
              "port": sd.get("PORT")}
    params.update({k: v for k, v in sd.get("OPTIONS", {}).items() if k in PG_OPTION_ENV})
    return psycopg.connect(**{k: v for k, v in params.items() if v not in (None, "")})


def _run(args, what, **kwargs):
    try:
        done = subprocess.run(args, env=pg_environment(), capture_output=True, text=True, **kwargs)
    except OSError as e:
        raise BackupError(f"{what}失败：无法运行 {args[0]}（{e}）。") from e
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout or "").strip().splitlines()[-8:])
        raise BackupError(f"{what}失败（{Path(args[0]).name} 退出码 {done.returncode}）：\n{tail}")
    return done


def _pg_dump(target):
    """pg_dump -Fc in a REPEATABLE READ snapshot exported by a transaction that also counts the rows and reads
    the migrations: the manifest describes exactly the dump."""
    import psycopg

    pg_dump = pg_binary("pg_dump")
    try:
        pg = _pg_connect()
    except psycopg.Error as e:
        raise BackupError(f"无法连接 PostgreSQL 数据库：{e}") from e
    with pg:
        pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = pg.execute("SELECT pg_export_snapshot()").fetchone()[0]
        state = database_state(pg.cursor(), "postgresql")
        _run([pg_dump, "--format=custom", "--compress=0", f"--snapshot={snapshot}", f"--file={target}"],
             "导出 PostgreSQL 数据库（pg_dump）")
        pg.rollback()
    return state


#: Run before the dump's own script, in the same transaction: every table, view, sequence and function of the
#: schema goes (not those of extensions), so that tables of migrations newer than the backup go too and the
#: restored schema is exactly the backup's. Nothing is deleted row by row: the audit triggers never fire.
PG_PRELUDE = r"""
SET lock_timeout = '60s';
SET client_min_messages = warning;
DO $fazhi$
DECLARE
  schema_oid oid := (SELECT oid FROM pg_namespace WHERE nspname = current_schema());
  item text;
BEGIN
  FOREACH item IN ARRAY coalesce((
    SELECT array_agg(format('DROP %s IF EXISTS %s CASCADE',
             CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                            WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
             c.oid::regclass::text) ORDER BY c.relkind = 'S', c.oid)
      FROM pg_class c
     WHERE c.relnamespace = schema_oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                  AND d.deptype IN ('e', 'i', 'a'))
       AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)
  ), '{}') LOOP
    EXECUTE item;
  END LOOP;
  FOREACH item IN ARRAY coalesce((
    SELECT array_agg(format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::regprocedure::text))
      FROM pg_proc p
     WHERE p.pronamespace = schema_oid
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                                  AND d.deptype = 'e')
  ), '{}') LOOP
    EXECUTE item;
  END LOOP;
END
$fazhi$;
"""


def _pg_check(staged):
    _run([pg_binary("pg_restore"), "--list", str(staged)], "读取备份中的 PostgreSQL 数据库（pg_restore --list）")


def _pg_restore(staged, work):
    script = work / "restore.sql"
    _run([pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", f"--file={script}",
          str(staged)], "读取备份中的 PostgreSQL 数据库（pg_restore）")
    prelude = work / "prelude.sql"
    prelude.write_text(PG_PRELUDE, encoding="utf-8")
    try:
        _run([pg_binary("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(prelude),
              "-f", str(script)], "恢复 PostgreSQL 数据库（psql）")
    except BackupError as e:
        raise BackupError(f"{e}\n恢复在一个事务中进行，已整体回滚，数据库未作改动。") from e


# ---------------------------------------------------------------- backup


def _add_file(tar, arcname, path):
    with open(path, "rb") as f:
        stat = os.fstat(f.fileno())
        info = tarfile.TarInfo(arcname)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o640
        reader = _HashingReader(f)
        tar.addfile(info, reader)
    return {"path": arcname, "size": stat.st_size, "sha256": reader.digest.hexdigest()}


def _unique_name(directory, created):
    stem = f"fazhi-backup-{created:%Y%m%d-%H%M%S}"
    name, n = f"{stem}.tar.gz", 1
    while (directory / name).exists() or (directory / f"{name}.sha256").exists():
        n += 1
        name = f"{stem}-{n}.tar.gz"
    return name


def _private(path):
    """Create ``path`` empty, readable by its owner only: a backup holds password hashes and personal data."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)


def _fsync(path):
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def create_backup(directory, now=None):
    """Write a backup into ``directory`` (created if missing); return the Backup written."""
    vendor = engine()
    directory = Path(directory).expanduser().resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if directory == media_root or media_root in directory.parents:
        raise BackupError(f"备份目录 {directory} 不能位于附件目录 {media_root} 之内。")
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as e:
        raise BackupError(f"无法建立备份目录 {directory}（{e}）。") from e
    created = timezone.localtime(now)
    name = _unique_name(directory, created)
    final, partial = directory / name, directory / f".{name}.{secrets.token_hex(4)}.partial"
    try:
        with tempfile.TemporaryDirectory(prefix=".fazhi-backup-", dir=directory) as work:
            staged = Path(work) / Path(DATABASE_MEMBER[vendor]).name
            migrations, tables = _sqlite_dump(staged) if vendor == "sqlite" else _pg_dump(staged)
            _private(partial)
            with tarfile.open(partial, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
                files = [_add_file(tar, DATABASE_MEMBER[vendor], staged)]
                files += [_add_file(tar, f"media/{rel}", path) for rel, path in media_files(media_root)]
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": created.isoformat(timespec="seconds"),
                    "fazhi_version": fazhi_version(),
                    "database": {"engine": vendor, "member": DATABASE_MEMBER[vendor]},
                    "migrations": migrations,
                    "tables": tables,
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o640
                tar.addfile(info, _BytesReader(data))
            _fsync(partial)
            os.replace(partial, final)
    except (OSError, sqlite3.Error, tarfile.TarError) as e:
        partial.unlink(missing_ok=True)
        raise BackupError(f"备份失败：{e}") from e
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    digest = sha256_file(final)
    sidecar = directory / f"{name}.sha256"
    partial_sidecar = directory / f".{name}.sha256.{secrets.token_hex(4)}.partial"
    _private(partial_sidecar)
    partial_sidecar.write_text(f"{digest}  {name}\n", encoding="utf-8")
    _fsync(partial_sidecar)
    os.replace(partial_sidecar, sidecar)
    return Backup(final, final.stat().st_size, digest, manifest)


class _BytesReader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.pos + size
        chunk, self.pos = self.data[self.pos:end], min(end, len(self.data))
        return chunk


# ---------------------------------------------------------------- checking an archive


def _refuse(text):
    raise BackupError(f"{text}拒绝恢复，未作任何改动。")


def _member_path(name):
    path = PurePosixPath(name)
    if (path.is_absolute() or not path.parts or any(p in ("", ".", "..") for p in path.parts) or "\\" in name
            or path.parts[0] not in ("database", "media") or len(path.parts) < 2):
        _refuse(f"备份中有不允许的成员“{name}”：这不是 fazhi 生成的备份。")
    return path


def read_archive(path, staging):
    """Check ``path`` against its .sha256, extract every member into ``staging`` checking it against the
    manifest, and return the manifest. Raises BackupError (nothing outside ``staging`` touched)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}。")
    sidecar = path.with_name(f"{path.name}.sha256")
    if not sidecar.is_file():
        _refuse(f"找不到校验文件 {sidecar.name}：备份文件须与同名的 .sha256 校验文件放在同一目录（复制备份时两个文件一起复制）。")
    fields = sidecar.read_text(encoding="utf-8", errors="replace").split()
    expected = fields[0].lower() if fields else ""
    if not re.fullmatch(r"[0-9a-f]{64}", expected):
        _refuse(f"校验文件 {sidecar.name} 的内容不是 SHA-256 校验和。")
    if sha256_file(path) != expected:
        _refuse(f"备份文件 {path.name} 的 SHA-256 校验和与 {sidecar.name} 不符：文件已损坏或被改动。")
    manifest_bytes, found = None, {}
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST and member.isreg():
                    if manifest_bytes is not None or member.size > 256 * 1024 * 1024:
                        _refuse("备份清单 manifest.json 重复或过大：这不是 fazhi 生成的备份。")
                    manifest_bytes = tar.extractfile(member).read()
                    continue
                name = _member_path(member.name)
                if not member.isreg():
                    _refuse(f"备份成员“{member.name}”不是普通文件：这不是 fazhi 生成的备份。")
                if member.name in found:
                    _refuse(f"备份成员“{member.name}”重复出现。")
                target = staging.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with tar.extractfile(member) as source, open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[member.name] = (size, digest.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, UnicodeError) as e:
        _refuse(f"备份文件 {path.name} 无法读取（{e}）：不是完整的 fazhi 备份。")
    except OSError as e:
        _refuse(f"解包备份文件 {path.name} 失败（{e}）。")
    if manifest_bytes is None:
        _refuse("备份中没有清单 manifest.json：这不是 fazhi 生成的备份。")
    try:
        manifest = json.loads(manifest_bytes)
        listed = {f["path"]: (int(f["size"]), str(f["sha256"]).lower()) for f in manifest["files"]}
        str(manifest["database"]["engine"])
        member = manifest["database"]["member"]
        datetime.fromisoformat(manifest["created_at"])
        dict(manifest["migrations"]), dict(manifest["tables"])
    except (ValueError, KeyError, TypeError) as e:
        _refuse(f"备份清单 manifest.json 无法读取（{e!r}）。")
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        _refuse(f"备份清单的格式（{manifest.get('format')} {manifest.get('format_version')}）不是本版本 fazhi 能恢复的格式。")
    if member not in listed:
        _refuse("备份清单中没有数据库文件。")
    missing = sorted(set(listed) - set(found))
    extra = sorted(set(found) - set(listed))
    changed = sorted(n for n in set(listed) & set(found) if listed[n] != found[n])
    if missing or extra or changed:
        parts = []
        for label, names in (("缺少", missing), ("清单之外多出", extra), ("内容与清单的 SHA-256 不符", changed)):
            if names:
                parts.append(f"{label}：{'、'.join(names[:5])}" + (f" 等{len(names)}个" if len(names) > 5 else ""))
        _refuse(f"备份成员与清单不一致（{'；'.join(parts)}）。")
    return manifest


def check_compatible(manifest, staging):
    """The backup's engine is the current database's, its migrations are all known to this fazhi, and its
    database file opens."""
    from django.db.migrations.loader import MigrationLoader

    here, there = engine(), manifest["database"]["engine"]
    if there != here:
        _refuse(f"备份的数据库是 {ENGINE_LABEL.get(there, there)}，当前数据库是 {ENGINE_LABEL[here]}：不能恢复到不同类型的数据库。")
    if manifest["database"]["member"] != DATABASE_MEMBER[here]:
        _refuse(f"备份清单所列的数据库文件“{manifest['database']['member']}”不是 {ENGINE_LABEL[here]} 数据库。")
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in graph.nodes]
    if unknown:
        _refuse(f"备份来自较新或不同版本的 fazhi（{manifest.get('fazhi_version')}），当前程序没有其数据库迁移 "
                f"{'、'.join(unknown[:5])}：请安装与备份相同或更新的版本后再恢复。")
    staged = staging.joinpath(*PurePosixPath(DATABASE_MEMBER[here]).parts)
    (_sqlite_check if here == "sqlite" else _pg_check)(staged)


# ---------------------------------------------------------------- restore


def _replace_media(staged_media, media_root, token):
    """Swap MEDIA_ROOT's contents for the staged ones by renames within MEDIA_ROOT (one file system, even when
    MEDIA_ROOT is a mount point); on failure the old contents are put back."""
    old = media_root / f"{WORK_PREFIX}old-{token}"
    old.mkdir()
    moved_out, moved_in = [], []
    try:
        for entry in sorted(media_root.iterdir()):
            if not entry.name.startswith(WORK_PREFIX):
                entry.rename(old / entry.name)
                moved_out.append(entry.name)
        if staged_media.is_dir():
            for entry in sorted(staged_media.iterdir()):
                entry.rename(media_root / entry.name)
                moved_in.append(entry.name)
    except OSError as e:
        for name in moved_in:
            shutil.rmtree(media_root / name, ignore_errors=True)
            (media_root / name).unlink(missing_ok=True)
        for name in moved_out:
            (old / name).rename(media_root / name)
        old.rmdir()
        raise BackupError(f"数据库已恢复，但附件文件未能替换（{e}），附件目录保持恢复前的内容：请处理后再次恢复。") from e
    shutil.rmtree(old, ignore_errors=True)


@dataclass
class Restored:
    manifest: dict
    migrated: bool
    tables: dict
    media_files: int
    media_bytes: int
    pre_backup: Backup | None


def staging_dir():
    """A staging folder inside MEDIA_ROOT, so that the media swap is a rename."""
    media_root = Path(settings.MEDIA_ROOT)
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        return tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}restore-", dir=media_root)
    except OSError as e:
        raise BackupError(f"无法在附件目录 {media_root} 中建立恢复用的临时目录（{e}）。") from e


def restore(manifest, staging, pre_backup_dir=None):
    """Replace the database and the media files by the checked archive in ``staging`` (read_archive and
    check_compatible done); return what was restored. The current data is backed up first into
    ``pre_backup_dir`` (None: not)."""
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    vendor = engine()
    connection = connections["default"]
    if connection.in_atomic_block:
        raise BackupError("恢复不能在数据库事务中进行。")
    pre_backup = create_backup(pre_backup_dir) if pre_backup_dir is not None else None
    connections.close_all()
    staged = staging.joinpath(*PurePosixPath(DATABASE_MEMBER[vendor]).parts)
    if vendor == "sqlite":
        _sqlite_restore(staged)
    else:
        _pg_restore(staged, staging)
    connections.close_all()
    media_root = Path(settings.MEDIA_ROOT)
    _replace_media(staging / "media", media_root, secrets.token_hex(4))
    executor = MigrationExecutor(connections["default"])
    migrated = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if migrated:
        call_command("migrate", interactive=False, verbosity=0)
    _, tables = live_state()
    files = media_files(media_root)
    return Restored(manifest, migrated, tables, len(files), sum(p.stat().st_size for _, p in files), pre_backup)


# ---------------------------------------------------------------- what the commands print

#: The audit log's name for whoever runs a command on the server (as ``fazhi purge_temp`` writes it).
CONSOLE = "（服务器控制台）"
NAMED_TABLES = (("core_user", "账户"), ("core_org", "机构"), ("core_auditevent", "审计记录"))


def describe_tables(tables):
    """“46 张表共 1,234 行（账户 12、机构 30、审计记录 80）”."""
    named = "、".join(f"{label} {tables[t]}" for t, label in NAMED_TABLES if t in tables)
    return f"{len(tables)} 张表共 {sum(tables.values())} 行" + (f"（{named}）" if named else "")


def describe_manifest(manifest):
    media = [f for f in manifest["files"] if f["path"].startswith("media/")]
    created = datetime.fromisoformat(manifest["created_at"])
    return (f"备份时间 {created:%Y-%m-%d %H:%M:%S}，fazhi {manifest.get('fazhi_version', '?')}，"
            f"{ENGINE_LABEL.get(manifest['database']['engine'], manifest['database']['engine'])} 数据库 "
            f"{describe_tables(manifest['tables'])}，附件等文件 {len(media)} 个（{human_size(sum(f['size'] for f in media))}）")
