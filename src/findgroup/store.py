"""The one store: an SQLite database in the cache folder holding everything a search reads.

Per catalogue file (or remote catalogue, or subscribed feed) it holds the file's stamp and
problems, one row of ranking columns per group, the group's whole record, integer meeting
columns that filters query, and keyed postings (topic -> groups, word -> groups, vocabulary
terms ...). It can always be deleted and rebuilt from the catalogue files.

A damaged store never changes an answer. Every row carries a checksum that is verified when
the row is read: a CRC-32 of its values, or, for meeting rows, which filters read inside
SQL, a sum that SQL itself recomputes (and a search with meeting filters checks every
meeting row of its files against it, and their count against the file's). Postings are kept
as a chain per file and kind: each row names the next key, so a lookup proves a key absent
as well as present, and a row whose key was damaged breaks the chain. Any failed check
raises Damaged; the caller discards the store and rebuilds it.
"""

from __future__ import annotations

import contextlib
import json
import operator
import sqlite3
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from findgroup import __version__

END = "\U0010ffff"  # the `next` of a chain's last key
BATCH = 2000  # keys per IN (...) query

# posting kinds
TOPIC, TOPIC_GROUPS, CHILDREN, TERM, VOCAB, VOCAB_TAIL = 1, 2, 3, 4, 5, 6
WORD, WORD_VOCAB, WORD_TAIL, AUDIENCE, CRISIS, GID = 7, 8, 9, 10, 11, 12
UNSCHEDULED = 13  # key "groups": the groups without a meeting list
VOCAB_STEM, WORD_STEM = 14, 15  # a stem -> the words (of the vocabulary, of groups) with it
SPELLINGS = 16  # key "topics": each topic's names as [normalised, as written, topic id]
GIDS = 17  # key "groups": every [group id, row] of the file, in id order (for merging files)
# key "groups": per group, its profile's number, then its last_verified as a day number (0: none),
# then its place in the file's name order; three arrays of the file's length, one after another
FACTS = 18
PROFILES = 19  # key "groups": each distinct profile (topics, audience, languages, area) as text
NAME_WORDS = 21  # a word -> the groups whose name has it (WORD's names alone: far fewer)
INITIALS = 20  # initials ("na", "bpdsg") -> the groups whose name's or organisation's they are
JSON_KINDS = frozenset({TOPIC, CHILDREN, TERM, VOCAB, VOCAB_TAIL, WORD_VOCAB, WORD_TAIL})
JSON_KINDS |= {VOCAB_STEM, WORD_STEM}
JSON_KINDS |= {AUDIENCE, CRISIS, SPELLINGS, GIDS, PROFILES}

GROUP_COLUMNS = (
    "gid",
    "name",
    "name_words",
    "org_words",
    "initials",
    "topics",
    "audience",
    "languages",
    "area",
    "cost",
    "verified",
    "meets",
    "meetings",
    "may_end",
    "line",
    "col",
)
# meeting columns, all integers; the checksum is a weighted sum SQL can recompute
MEETING_COLUMNS = (
    "fmt",
    "weekday",
    "minute",
    "tz",
    "duration",
    "rule",
    "weeks",
    "until_day",
    "from_day",
    "lat",
    "lon",
    "place",
    "country",
)
# what a search reads of each meeting row (place and length are for the record's reader)
SLOT_COLUMNS = (
    "fmt",
    "weekday",
    "minute",
    "tz",
    "rule",
    "weeks",
    "until_day",
    "from_day",
    "country",
)
_SLOT_NAMES = ", ".join(SLOT_COLUMNS)
_BUSY_MS = 10_000  # how long a search or update waits for another's write
_MODULUS = 2_147_483_629  # a prime below 2**31
_PRIMES = (
    *(1_000_003, 1_000_033, 1_000_037, 1_000_039, 1_000_081, 1_000_099, 1_000_117),
    *(1_000_121, 1_000_133, 1_000_151, 1_000_159, 1_000_171, 1_000_183, 1_000_187),
    *(1_000_193, 1_000_199),
)
_WEIGHTS = tuple(zip(_PRIMES, ("file", "ord", "k", *MEETING_COLUMNS), strict=True))
# every column is below 2**32 (validation bounds them), so the sum stays below 2**57
MEETING_CHECK = "((" + " + ".join(f"{name} * {w}" for w, name in _WEIGHTS) + f") % {_MODULUS})"

# postings keep rowids: their key index then holds keys alone, and a look-up never reads
# through the large data of the rows it passes (in a table without rowids, a seek compares
# whole rows, overflow pages and all: twenty to forty times slower)
_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    key TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE, name TEXT, kind TEXT, size INTEGER,
    mtime INTEGER, hash TEXT, info TEXT, chk INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS groups (id INTEGER PRIMARY KEY, data TEXT, chk INTEGER);
CREATE TABLE IF NOT EXISTS records (id INTEGER PRIMARY KEY, record TEXT, chk INTEGER);
CREATE TABLE IF NOT EXISTS meetings (
    file INTEGER, ord INTEGER, k INTEGER, fmt INTEGER, weekday INTEGER, minute INTEGER,
    tz INTEGER, duration INTEGER, rule INTEGER, weeks INTEGER, until_day INTEGER, from_day INTEGER,
    lat INTEGER, lon INTEGER, place INTEGER, country INTEGER, chk INTEGER,
    PRIMARY KEY (file, ord, k)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS postings (
    kind INTEGER, file INTEGER, key TEXT, next TEXT, data BLOB, chk INTEGER,
    PRIMARY KEY (kind, file, key));
CREATE TABLE IF NOT EXISTS bodies (
    file INTEGER PRIMARY KEY, data BLOB, meta TEXT, chk INTEGER);
CREATE TABLE IF NOT EXISTS sets (key TEXT PRIMARY KEY, data TEXT, chk INTEGER) WITHOUT ROWID;
"""
# a store written by another findgroup, with other tables, or rows in another form
# (raise ROWS when store_rows.py changes what it writes) is made anew
ROWS = 14
SCHEMA = f"findgroup-store-{ROWS}-{zlib.crc32(_DDL.encode()):08x}/{__version__}"
_TABLES_BY_FILE = ("meetings", "postings", "bodies")  # and groups, records: by id range
ROW = 32  # a group's row id: file << ROW | its place in the file


class Damaged(Exception):
    """The store failed a check: it must be discarded and rebuilt."""


def is_damage(exc: BaseException) -> bool:
    """True for a failed check, or an SQLite error that means the file is damaged.

    A locked or busy database is not damage: another findgroup is writing.
    """
    if isinstance(exc, Damaged):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        words = ("malformed", "not a database", "no such", "corrupt", "could not decode")
        return any(w in text for w in words)
    return isinstance(exc, sqlite3.DatabaseError)


_UTF8, _LONE = "utf-8", "surrogatepass"
SEP = "\x1f"  # between values kept as one text: checksummed ones, a group row's columns


def crc(*values: Any) -> int:
    """The CRC-32 of the values, joined as text (bytes as they are)."""
    if bytes not in map(type, values):
        return zlib.crc32(SEP.join(map(str, values)).encode(_UTF8, _LONE))
    out = 0
    for value in values:
        data = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
        out = zlib.crc32(data + b"\x1f", out)
    return out


def _packed(values: Sequence[Any]) -> str:
    """A group's columns (GROUP_COLUMNS) as one text, read back with split(SEP)."""
    text = SEP.join(map(str, values))
    if text.count(SEP) == len(values) - 1:
        return text
    return SEP.join(str(v).replace(SEP, " ") for v in values)  # a column held one


def meeting_check(values: Sequence[int]) -> int:
    """The checksum of a meeting row (file, ord, k, then MEETING_COLUMNS), as SQL computes it."""
    if len(values) != len(_PRIMES):
        raise ValueError("a meeting row of another width")
    total: int = sum(map(operator.mul, values, _PRIMES))
    return total % _MODULUS


def encode(kind: int, value: Any) -> bytes:
    """A posting's data: JSON, or an array of unsigned 32-bit integers."""
    if kind in JSON_KINDS:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return array("I", value).tobytes()


def posting_crc(kind: int, file: int, key: str, nxt: str, data: Any) -> int:
    """`crc(kind, file, key, nxt, data)` of a posting row in two calls (it runs for every row)."""
    if not isinstance(data, bytes):
        return crc(kind, file, key, nxt, data)
    head = f"{kind}{SEP}{file}{SEP}{key}{SEP}{nxt}{SEP}".encode(_UTF8, _LONE)
    return zlib.crc32(data + b"\x1f", zlib.crc32(head))


def _under(kind: int, file: int, key: str, found: str, nxt: str, data: Any, chk: int) -> Any:
    """The data under `key`, from the row at or before it; None when the chain proves it absent."""
    if posting_crc(kind, file, found, nxt, data) != chk:
        raise Damaged(f"posting {kind}/{file}/{found!r}")
    if found == key:
        return decode(kind, data)
    if not found < key < nxt:
        raise Damaged(f"chain broken at {kind}/{file}/{found!r}")
    return None


def decode(kind: int, data: bytes) -> Any:
    """A posting's data as it was given to encode."""
    if kind in JSON_KINDS:
        return json.loads(data)
    found = array("I")
    found.frombytes(data)
    return found


class Store:
    """An open store. Reads verify what they return; writes replace one file's rows at once."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path  # None for a store held in memory
        self.wrote = False

    @property
    def in_memory(self) -> bool:
        """True when the store could not be kept on disk for this run."""
        return self.path is None

    # --- files --------------------------------------------------------------------------

    def file_row(self, key: str) -> dict[str, Any] | None:
        """The stamp and info of a catalogue file, or None when it has not been stored."""
        row = self.conn.execute(
            "SELECT key, id, name, kind, size, mtime, hash, info, chk FROM files WHERE key = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        if crc(*row[:8]) != row[8]:
            raise Damaged(f"file row {key!r}")
        keys = ("key", "id", "name", "kind", "size", "mtime", "hash", "info")
        found = dict(zip(keys, row[:8], strict=True))
        found["info"] = json.loads(found["info"])
        return found

    def touch_file(self, key: str, size: int, mtime: int) -> None:
        """Record that a file changed its stamp but not its content."""
        row = self.file_row(key)
        assert row is not None
        self._put_file(
            row["key"], row["id"], row["name"], row["kind"], size, mtime, row["hash"], row["info"]
        )
        self.conn.commit()

    def _put_file(
        self,
        key: str,
        ident: int,
        name: str,
        kind: str,
        size: int,
        mtime: int,
        digest: str,
        info: dict[str, Any],
    ) -> None:
        info_text = json.dumps(info, ensure_ascii=False, separators=(",", ":"))
        values = (key, ident, name, kind, size, mtime, digest, info_text)
        self.conn.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, crc(*values)),
        )

    def next_file_id(self) -> int:
        """An id no file row uses."""
        row = self.conn.execute("SELECT max(id) FROM files").fetchone()
        return int(row[0] or 0) + 1

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything in it lands, or nothing does."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()
        self.wrote = True

    def settle(self) -> None:
        """After writes, move the write-ahead log into the database and empty it.

        Every process that opens the store first reads the whole log (a first run leaves one
        as large as the database), and reads pages from it: a warm search on 100,000 groups
        ran a third slower with the log left full. A search reading the store meanwhile
        keeps the log for the next writer to empty; nobody waits long for it.
        """
        if not self.wrote or self.path is None:
            return
        try:
            self.conn.execute("PRAGMA busy_timeout = 200")
            (busy, _log, _moved) = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            return  # the log stays: still correct, only slower to open
        finally:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        self.wrote = bool(busy)

    def replace_file(self, stamp: dict[str, Any], rows: FileRows) -> int:
        """Replace everything stored for one file (in one transaction); return its id."""
        with self.writing() as conn:
            old = self.file_row(stamp["key"])
            ident = old["id"] if old else self.next_file_id()
            _delete_rows(conn, ident)
            self._put_file(
                stamp["key"],
                ident,
                stamp["name"],
                stamp["kind"],
                stamp["size"],
                stamp["mtime"],
                stamp["hash"],
                rows.info,
            )
            base = ident << ROW
            packed = (_packed(c) for c in rows.groups)
            conn.executemany(
                "INSERT INTO groups VALUES (?, ?, ?)",
                ((base + o, data, crc(base + o, data)) for o, data in enumerate(packed)),
            )
            conn.executemany(
                "INSERT INTO records VALUES (?, ?, ?)",
                ((base + o, r, crc(base + o, r)) for o, r in enumerate(rows.records)),
            )
            conn.executemany(
                f"INSERT INTO meetings VALUES ({', '.join('?' * (len(MEETING_COLUMNS) + 4))})",
                ((ident, *m, meeting_check((ident, *m))) for m in rows.meetings),
            )
            conn.executemany(
                "INSERT INTO postings VALUES (?, ?, ?, ?, ?, ?)",
                _chained(ident, rows.postings),
            )
            if rows.body is not None:
                data, meta = rows.body
                text = json.dumps(meta, ensure_ascii=False)
                conn.execute(
                    "INSERT INTO bodies VALUES (?, ?, ?, ?)",
                    (ident, data, text, crc(ident, data, text)),
                )
        return ident

    def forget(self, key: str) -> None:
        """Remove a file and everything stored for it."""
        row = self.file_row(key)
        if row is None:
            return
        with self.writing() as conn:
            _delete_rows(conn, row["id"])
            conn.execute("DELETE FROM files WHERE key = ?", (key,))

    def file_keys(self) -> list[str]:
        """Every stored file's key."""
        return [key for (key,) in self.conn.execute("SELECT key FROM files ORDER BY id")]

    # --- postings -----------------------------------------------------------------------

    def posting_size(self, kind: int, file: int, key: str) -> int:
        """The stored size of the data under `key` (0 when absent), unchecked: a hint only."""
        row = self.conn.execute(
            "SELECT length(data) FROM postings WHERE kind = ? AND file = ? AND key = ?",
            (kind, file, key),
        ).fetchone()
        return int(row[0] or 0) if row is not None else 0

    def posting(self, kind: int, file: int, key: str) -> Any | None:
        """The data stored under `key` for one file, or None when the chain proves it absent."""
        row = self.conn.execute(
            "SELECT key, next, data, chk FROM postings WHERE kind = ? AND file = ? AND key <= ?"
            " ORDER BY key DESC LIMIT 1",
            (kind, file, key),
        ).fetchone()
        if row is None:
            raise Damaged(f"no chain start for kind {kind} in file {file}")
        return _under(kind, file, key, *row)

    def postings_of(self, kind: int, files: Sequence[int], key: str) -> dict[int, Any]:
        """`posting` for many files in one statement: the data of each file that has `key`.

        Each file's row is the greatest key at or before `key`, checked as `posting` checks it.
        """
        out: dict[int, Any] = {}
        unique = list(dict.fromkeys(files))  # a file named twice is read once
        for start in range(0, len(unique), BATCH):
            chunk = unique[start : start + BATCH]
            values = ", ".join(["(?)"] * len(chunk))
            rows = self.conn.execute(
                f"WITH f(file) AS (VALUES {values}) SELECT f.file, p.key, p.next, p.data, p.chk"
                " FROM f JOIN postings p ON p.kind = ? AND p.file = f.file AND p.key = ("
                "SELECT max(q.key) FROM postings q WHERE q.kind = ? AND q.file = f.file"
                " AND q.key <= ?)",
                (*chunk, kind, kind, key),
            ).fetchall()
            if len(rows) != len(chunk):
                raise Damaged(f"no chain start for kind {kind} in some of files {chunk}")
            for file, *row in rows:
                data = _under(kind, file, key, *row)
                if data is not None:
                    out[file] = data
        return out

    def postings_all(self, kind: int, file: int) -> Iterator[tuple[str, Any]]:
        """Every key of one kind in one file, in order, with its data (the chain checked)."""
        expected = ""
        for found, nxt, data, chk in self.conn.execute(
            "SELECT key, next, data, chk FROM postings WHERE kind = ? AND file = ? ORDER BY key",
            (kind, file),
        ):
            if posting_crc(kind, file, found, nxt, data) != chk or found != expected:
                raise Damaged(f"chain {kind}/{file} at {found!r}")
            expected = nxt
            if found:
                yield found, decode(kind, data)
        if expected != END:
            raise Damaged(f"chain {kind}/{file} ends early")

    # --- groups, records, meetings ------------------------------------------------------

    def _by_id(self, table: str, column: str, file: int, ords: Iterable[int]) -> dict[int, str]:
        """One text column of these rows of one file, each checked (every one must exist)."""
        base = file << ROW
        found = self._by_ids(table, column, sorted({base + o for o in ords}))
        return {ident - base: text for ident, text in found.items()} if base else found

    def _by_ids(self, table: str, column: str, wanted: Sequence[int]) -> dict[int, str]:
        """One text column of these rows (ids of any files, none twice), each checked."""
        out: dict[int, str] = {}
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            marks = ", ".join("?" * len(chunk))
            for ident, text, chk in self.conn.execute(
                f"SELECT id, {column}, chk FROM {table} WHERE id IN ({marks})", chunk
            ):
                # crc(ident, text), spelled out: this runs for every candidate of a search
                if zlib.crc32(f"{ident}{SEP}{text}".encode(_UTF8, _LONE)) != chk:
                    raise Damaged(f"{table} row {ident}")
                out[ident] = text
        if len(out) != len(wanted):
            raise Damaged(f"{table} rows missing")
        return out

    def groups(self, file: int, ords: Iterable[int]) -> dict[int, list[str]]:
        """The ranking columns of these groups of one file, as text (every one must exist)."""
        return {o: data.split(SEP) for o, data in self.group_texts(file, ords).items()}

    def group_texts(self, file: int, ords: Iterable[int]) -> dict[int, str]:
        """The ranking columns of these groups of one file, packed (see _packed)."""
        return self._by_id("groups", "data", file, ords)

    def group_texts_of(self, ids: Sequence[int]) -> dict[int, str]:
        """`group_texts` for groups of many files in one statement, by row id (see ROW)."""
        return self._by_ids("groups", "data", sorted(set(ids)))

    def all_groups(self, file: int, count: int) -> Iterator[tuple[int, str]]:
        """Every group row of one file, in order (`count` of them, or the store is damaged)."""
        base = file << ROW
        seen = 0
        for row in self.conn.execute(
            "SELECT id, data, chk FROM groups WHERE id >= ? AND id < ? ORDER BY id",
            (base, base + (1 << ROW)),
        ):
            if crc(*row[:-1]) != row[-1] or row[0] != base + seen:
                raise Damaged(f"group row {row[0]}")
            seen += 1
            yield row[0] - base, row[1]
        if seen != count:
            raise Damaged(f"group rows missing in file {file}")

    def records(self, file: int, ords: Iterable[int]) -> dict[int, str]:
        """The whole records (JSON) of these groups of one file."""
        return self._by_id("records", "record", file, ords)

    def meetings(
        self, file: int, count: int, where: str, params: Sequence[Any]
    ) -> list[tuple[int, ...]]:
        """Meeting rows of one file passing an SQL condition on the meeting columns.

        Rows come back as (ord, k, *SLOT_COLUMNS, 1). Every row of the file is checked on
        the way (a damaged one is returned whatever the condition, and raises), and their
        number against `count`.
        """
        (total,) = self.conn.execute(
            "SELECT count(*) FROM meetings WHERE file = ?", (file,)
        ).fetchone()
        # the condition first: a row it keeps is checked once, in the columns asked for
        rows = self.conn.execute(
            f"SELECT ord, k, {_SLOT_NAMES}, coalesce(chk = {MEETING_CHECK}, 0) FROM meetings"
            f" WHERE file = ? AND (({where}) OR coalesce(chk != {MEETING_CHECK}, 1))",
            (file, *params),
        ).fetchall()
        if total != count or not all(row[-1] for row in rows):
            raise Damaged(f"meeting rows of file {file}")
        return rows

    def group_meetings(
        self, file: int, ords: dict[int, int], where: str, params: Sequence[Any]
    ) -> list[tuple[int, ...]]:
        """The rows of these groups' meetings passing the condition, as meetings() gives them.

        `ords` holds each group's number of meetings; every row of theirs is checked, and
        how many each has.
        """
        rows = self.conn.execute(
            f"SELECT ord, k, {_SLOT_NAMES}, coalesce(chk = {MEETING_CHECK}, 0), ({where})"
            " FROM meetings WHERE file = ? AND ord IN (SELECT value FROM json_each(?))",
            (*params, file, json.dumps(sorted(ords))),
        ).fetchall()
        seen: dict[int, int] = {}
        for row in rows:
            if not row[-2]:
                raise Damaged(f"meeting row {file}/{row[0]}/{row[1]}")
            seen[row[0]] = seen.get(row[0], 0) + 1
        if any(seen.get(o, 0) != n for o, n in ords.items()):
            raise Damaged(f"meeting rows missing in file {file}")
        return [row[:-1] for row in rows if row[-1]]

    # --- remote bodies and sets ---------------------------------------------------------

    def body(self, file: int) -> tuple[bytes, dict[str, Any]] | None:
        """A remote catalogue's kept bytes and fetch details."""
        row = self.conn.execute(
            "SELECT data, meta, chk FROM bodies WHERE file = ?", (file,)
        ).fetchone()
        if row is None:
            return None
        if crc(file, row[0], row[1]) != row[2]:
            raise Damaged(f"kept copy of file {file}")
        return row[0], json.loads(row[1])

    def put_body(self, file: int, data: bytes, meta: dict[str, Any]) -> None:
        """Keep a remote catalogue's bytes and fetch details (after a 304, say)."""
        text = json.dumps(meta, ensure_ascii=False)
        with self.writing() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO bodies VALUES (?, ?, ?, ?)",
                (file, data, text, crc(file, data, text)),
            )

    def kept_copies(self) -> list[tuple[str, int, dict[str, Any]]]:
        """Every kept remote copy: (its URL key, its size, its fetch details)."""
        out = []
        for key, ident in self.conn.execute(
            "SELECT key, id FROM files WHERE kind = 'remote' ORDER BY key"
        ):
            found = self.body(ident)
            if found is not None:
                out.append((key.removeprefix("url:"), len(found[0]), found[1]))
        return out

    def set_record(self, key: str) -> Any | None:
        """What merging a list of files found (ids defined twice), when it is kept."""
        row = self.conn.execute("SELECT data, chk FROM sets WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        if crc(key, row[0]) != row[1]:
            raise Damaged(f"set {key}")
        return json.loads(row[0])

    def put_set_record(self, key: str, value: Any) -> None:
        """Keep what merging a list of files found."""
        data = json.dumps(value, ensure_ascii=False)
        with self.writing() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO sets VALUES (?, ?, ?)", (key, data, crc(key, data))
            )


def _delete_rows(conn: sqlite3.Connection, file: int) -> None:
    """Delete everything stored for one file, but its files row."""
    for table in _TABLES_BY_FILE:
        conn.execute(f"DELETE FROM {table} WHERE file = ?", (file,))
    for table in ("groups", "records"):
        conn.execute(
            f"DELETE FROM {table} WHERE id >= ? AND id < ?", (file << ROW, (file + 1) << ROW)
        )


class FileRows:
    """Everything stored for one file, ready to insert (see index_file in store_rows.py)."""

    def __init__(
        self,
        info: dict[str, Any],
        groups: list[tuple[Any, ...]],
        records: list[str],
        meetings: list[tuple[int, ...]],
        postings: dict[int, dict[str, Any]],
        body: tuple[bytes, dict[str, Any]] | None = None,
    ) -> None:
        self.info = info
        self.groups = groups
        self.records = records
        self.meetings = meetings  # (ord, k, *MEETING_COLUMNS)
        self.postings = postings
        self.body = body


def _chained(file: int, postings: dict[int, dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
    """Posting rows with each key's successor, a '' sentinel first, for every kind."""
    for kind in (
        TOPIC,
        TOPIC_GROUPS,
        CHILDREN,
        TERM,
        VOCAB,
        VOCAB_TAIL,
        WORD,
        WORD_VOCAB,
        WORD_TAIL,
        AUDIENCE,
        CRISIS,
        GID,
        UNSCHEDULED,
        VOCAB_STEM,
        WORD_STEM,
        SPELLINGS,
        GIDS,
        FACTS,
        PROFILES,
        INITIALS,
        NAME_WORDS,
    ):
        entries = postings.get(kind, {})
        keys = sorted(k for k in entries if k)
        for key, nxt in zip(["", *keys], [*keys, END], strict=True):
            data = encode(kind, entries[key]) if key else b""
            yield kind, file, key, nxt, data, posting_crc(kind, file, key, nxt, data)


def open_store(folder: Path) -> tuple[Store, str | None]:
    """The store in `folder`, and a warning to show when it had to be discarded or kept in memory.

    A database from another version, or one that is malformed, is deleted and made anew; a
    folder that cannot be written gives a store in memory for this run.
    """
    path = folder / "store.sqlite"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return _open(path), None
    except Damaged:
        discard(path)
        try:
            return _open(
                path
            ), "warning: the search index was damaged; rebuilt it from the catalogues"
        except (sqlite3.Error, OSError, Damaged):
            pass
    except (sqlite3.Error, OSError):
        discard(path)
        try:
            return _open(path), None
        except (sqlite3.Error, OSError, Damaged):
            pass
    return _memory(), None


def _open(path: Path) -> Store:
    conn = sqlite3.connect(
        path, timeout=_BUSY_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None:
            raise sqlite3.DatabaseError("no journal mode")
        conn.execute("PRAGMA synchronous = NORMAL")
        found = _schema(conn)
        if found is None:
            conn.executescript(_DDL)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA,))
        elif found != SCHEMA:
            conn.close()
            discard(path)
            return _open(path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise Damaged(str(exc)) from None
    return Store(conn, path)


def _schema(conn: sqlite3.Connection) -> str | None:
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    if "meta" not in tables:
        if tables:
            raise sqlite3.DatabaseError("not a findgroup store")
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return row[0] if row else ""


def _memory() -> Store:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.executescript(_DDL)
    return Store(conn, None)


def memory_store() -> Store:
    """A store that lives only in this process (when the cache folder cannot be written)."""
    return _memory()


def discard(path: Path) -> None:
    """Delete a store and its write-ahead log."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()
