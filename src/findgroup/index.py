"""The catalogue a search reads: the files it names, as the store holds them, merged.

Groups are named by a reference `ref = file number << 32 | row`, so references sort in the
catalogue's own order (files as given, groups as written). When two files define the same id,
the first wins, as when the files are loaded in full.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from findgroup.errors import Problem
from findgroup.model import Audience, CrisisLine, Group, Position, Topic
from findgroup.stem import stem
from findgroup.store import (
    AUDIENCE,
    CHILDREN,
    CRISIS,
    FACTS,
    GID,
    INITIALS,
    NAME_WORDS,
    PROFILES,
    ROW,
    SEP,
    SPELLINGS,
    TERM,
    TOPIC,
    TOPIC_GROUPS,
    UNSCHEDULED,
    VOCAB,
    VOCAB_STEM,
    VOCAB_TAIL,
    WORD,
    WORD_STEM,
    WORD_TAIL,
    WORD_VOCAB,
    Store,
)
from findgroup.store_rows import audience_of, crisis_of, group_of, topic_of
from findgroup.typo import typos

SHIFT = 32
MASK = (1 << SHIFT) - 1  # a reference's row within its file


MAX_SIMILAR = 64  # the closest words kept for one typed word; more would be no single need


def _within_reach(word: str, words: set[str]) -> list[str]:
    """The words that could be within the typo budget of `word`: a quick filter, in C."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    budget = 1 if len(word) <= 8 else 2
    close = process.extract(word, words, scorer=OSA.distance, score_cutoff=budget, limit=None)
    return [w for w, _d, _k in close] + [w for w in words if w.startswith(word)]


class Term(NamedTuple):
    """One name or alias of a topic or audience, split into normalised words."""

    words: tuple[str, ...]
    text: str
    owner: str
    kind: str  # "name" | "alias"
    of: str  # "topic" | "audience"
    order: tuple[int, int] = (0, 0)  # the vocabulary's own order: file, then place in it


class Row(NamedTuple):
    """The columns ranking and filters read for one group."""

    gid: str
    name: str
    name_words: str
    org_words: str
    initials: tuple[str, ...]  # of the name's words and of the organisation's
    topics: tuple[str, ...]
    audience: tuple[str, ...]
    languages: tuple[str, ...]
    area: tuple[str, ...]
    cost: str | None
    verified: dt.date | None
    meets: frozenset[str]
    meetings: int
    may_end: bool
    profile: str  # topics, audience, languages and area as one text: groups alike in them share it


class FileFacts(NamedTuple):
    """What ranking by score reads of one file's groups without their rows (see store.FACTS)."""

    profiles: list[str]  # by profile number: its text (see alike_row)
    profile: Sequence[int]  # by group: its profile's number
    verified: Sequence[int]  # by group: last_verified as a day number (0: none)
    order: Sequence[int]  # by group: its place in the file's name order


class FileEntry(NamedTuple):
    """One file of the catalogue: its store id, its name in messages, and its info."""

    id: int
    name: str
    info: dict[str, Any]
    hash: str = ""  # of the content the rows were made from
    source: str | None = None  # a subscribed source's name
    fetched: str | None = None  # when a remote copy was fetched (ISO 8601)


@lru_cache(maxsize=8192)
def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@lru_cache(maxsize=64)
def _kinds(text: str) -> frozenset[str]:
    return frozenset(text.split())


@lru_cache(maxsize=8192)
def _profile(text: str) -> tuple[tuple[str, ...], ...]:
    """Topics, audience, languages and area, from their packed text (shared by many groups)."""
    return tuple([tuple(part.split()) for part in text.split(SEP)])


_new_row = tuple.__new__  # Row(...) would run its Python __new__: this is a quarter faster


@lru_cache(maxsize=8192)
def alike_row(text: str) -> Row:
    """A row holding only a profile's columns (topics, audience, languages, area).

    Profiles repeat across files: one row serves every group alike.
    """
    topics, audience, languages, area = _profile(text)
    none = frozenset[str]()
    values = ("", "", "", "", (), topics, audience, languages, area, None, None, none, 0, False)
    return _new_row(Row, (*values, text))


def _row(text: str) -> Row:
    """A group's row from its packed columns (GROUP_COLUMNS, see store._packed)."""
    gid, name, name_words, org_words, initials, rest = text.split(SEP, 5)
    profile, cost, verified, meets, meetings, may_end, _line, _col = rest.rsplit(SEP, 7)
    topics, audience, languages, area = _profile(profile)
    return _new_row(
        Row,
        (
            gid,
            name,
            name_words,
            org_words,
            tuple(initials.split()),  # one of a kind: kept out of the shared cache
            topics,
            audience,
            languages,
            area,
            cost or None,
            _date(verified),
            _kinds(meets),
            int(meetings),
            may_end == "1",
            profile,
        ),
    )


class Index:
    """Verified, bounded look-ups over the catalogue's files (see store.py)."""

    def __init__(
        self,
        store: Store,
        files: Sequence[FileEntry],
        dropped: frozenset[int] = frozenset(),
        merge_problems: Sequence[Problem] = (),
    ) -> None:
        self.store = store
        self.files = list(files)
        self.dropped = dropped  # refs of groups whose id an earlier file already defined
        self.merge_problems = list(merge_problems)
        self._terms: dict[str, list[Term]] = {}
        self._spellings: tuple[list[str], list[str], list[str]] | None = None
        self._topics: dict[str, Topic | None] = {}
        self._postings: dict[tuple[int, str], list[tuple[int, Any]]] = {}
        self._holders: dict[int, list[tuple[int, FileEntry]]] = {}
        self._rows: dict[int, Row] = {}
        self._facts: dict[int, FileFacts] = {}

    # --- whole-catalogue facts ----------------------------------------------------------

    @staticmethod
    def sort_name(row: Row) -> str:
        """How a group's name sorts."""
        return row.name.casefold()

    @property
    def size(self) -> int:
        """How many groups the catalogue has."""
        return sum(int(f.info["groups"]) for f in self.files) - len(self.dropped)

    def problems(self) -> list[Problem]:
        """Every problem found inside the files, and ids defined twice across them."""
        out = list(self.merge_problems)
        for f in self.files:
            for line, col, severity, code, message in f.info["problems"]:
                out.append(Problem(Position(f.name, line, col), severity, code, message))
        return out

    def feedback_for(self, ref: int) -> str | None:
        """Where to report a wrong listing: its own file's `feedback`, else the first one."""
        own = self.files[ref >> SHIFT].info.get("feedback")
        return own or next((f.info["feedback"] for f in self.files if f.info.get("feedback")), None)

    def file_of(self, ref: int) -> FileEntry:
        """The file a group comes from."""
        return self.files[ref >> SHIFT]

    # --- postings across files ----------------------------------------------------------

    def _holding(self, kind: int) -> list[tuple[int, FileEntry]]:
        """The files (with their numbers) that keep postings of this kind.

        A file's checked info lists the kinds it keeps any of; one stored without that list
        may keep any kind. (A directory's vocabulary is often in one file of many.)
        """
        found = self._holders.get(kind)
        if found is None:
            found = self._holders[kind] = [
                (n, f) for n, f in enumerate(self.files) if kind in f.info.get("kinds", (kind,))
            ]
        return found

    def _lookup(self, kind: int, key: str) -> list[tuple[int, Any]]:
        """The data under `key` in each file that has it: (file number, data), in file order."""
        found = self._postings.get((kind, key))
        if found is None:
            holding = self._holding(kind)
            if len(holding) == 1:
                n, f = holding[0]
                data = self.store.posting(kind, f.id, key)
                found = [(n, data)] if data is not None else []
            else:  # one statement for all the files
                have = self.store.postings_of(kind, [f.id for _n, f in holding], key)
                found = [(n, have[f.id]) for n, f in holding if f.id in have]
            self._postings[(kind, key)] = found
        return found

    def _all(self, kind: int) -> Iterator[tuple[int, str, Any]]:
        for n, f in self._holding(kind):
            for key, data in self.store.postings_all(kind, f.id):
                yield n, key, data

    # --- vocabulary ---------------------------------------------------------------------

    def topic(self, ident: str) -> Topic | None:
        """The topic with this id (its first definition), or None."""
        if ident not in self._topics:
            found = self._lookup(TOPIC, ident)
            self._topics[ident] = (
                topic_of(ident, found[0][1], self.files[found[0][0]].name) if found else None
            )
        return self._topics[ident]

    def topics(self) -> dict[str, Topic]:
        """Every topic, by id, in the order the files define them."""
        out: dict[str, Topic] = {}
        for n, key, data in self._all(TOPIC):
            out.setdefault(key, topic_of(key, data, self.files[n].name))
        return out

    def _owner_file(self, kind: str, owner: str) -> int | None:
        """The file number whose definition of a topic or audience counts."""
        found = self._lookup(TOPIC if kind == "t" else AUDIENCE, owner)
        return found[0][0] if found else None

    def terms(self, word: str, length: int = 0) -> list[Term]:
        """Every topic or audience term that has this word, from every file, in file order.

        With a `length`, only the terms of that many words. A term from a file whose
        definition of its topic does not count is among them: ask `counts`.
        """
        key = f"{word} {length}" if length else word
        if key not in self._terms:
            out: list[Term] = []
            for n, entries in self._lookup(TERM, key):
                for kind, owner, words, text, is_name, seq in entries:
                    out.append(
                        Term(
                            tuple(words.split()),
                            text,
                            owner,
                            "name" if is_name else "alias",
                            "topic" if kind == "t" else "audience",
                            (n, seq),
                        )
                    )
            self._terms[key] = out
        return self._terms[key]

    def spellings(self) -> tuple[list[str], list[str], list[str]]:
        """Each way a topic is written: normalised, as written, and its topic id, no repeats."""
        if self._spellings is None:
            norms: list[str] = []
            texts: list[str] = []
            owners: list[str] = []
            for _n, (n_text, t_text, o_text) in self._lookup(SPELLINGS, "topics"):
                if n_text:
                    norms += n_text.split(SEP)
                    texts += t_text.split(SEP)
                    owners += o_text.split(SEP)
            if len(self.files) > 1:  # a spelling in two files: the first counts
                first = {norm: k for k, norm in reversed(list(enumerate(norms)))}
                keep = sorted(first.values())
                norms, texts, owners = ([x[k] for k in keep] for x in (norms, texts, owners))
            self._spellings = (norms, texts, owners)
        return self._spellings

    def counts(self, term: Term) -> bool:
        """True when `term` comes from the definition of its topic or audience that counts."""
        if len(self.files) == 1:
            return True
        return self._owner_file("t" if term.of == "topic" else "a", term.owner) == term.order[0]

    def term_weight(self, word: str) -> int:
        """How much stored term data has this word: a cheap measure of how common it is."""
        return sum(self.store.posting_size(TERM, f.id, word) for f in self.files)

    def similar(self, word: str, names: bool = False) -> list[tuple[str, int]]:
        """Vocabulary words within the typo budget of `word`, with their typos; `word` first.

        With `names`, the words of group names and organisations instead.
        """
        by_letter, by_tail = (WORD_VOCAB, WORD_TAIL) if names else (VOCAB, VOCAB_TAIL)
        out = [(word, 0)]
        root = stem(word)
        for _n, words in self._lookup(WORD_STEM if names else VOCAB_STEM, root):
            out += [(w, 0) for w in words if w != word and (w, 0) not in out]
        if root != word:
            out.append((root, 0))  # "drinks": a vocabulary word "drink", had it one
        if len(word) <= 4:
            return out
        candidates: set[str] = set()
        for _n, words in self._lookup(by_letter, word[0]):
            candidates.update(words)
        if len(word) >= 9:  # a wrong first letter fits in a budget of two
            for key in (word[1:], word):
                for _n, words in self._lookup(by_tail, key):
                    candidates.update(words)
            candidates.update((word[1:], word[1] + word[0] + word[2:]))
        seen = {w for w, _t in out}
        near = []
        for have in sorted(set(_within_reach(word, candidates - seen))):
            found = typos(word, have)
            if found is not None:
                near.append((found, abs(len(have) - len(word)), have))
        out += [(have, found) for found, _d, have in sorted(near)[:MAX_SIMILAR]]
        return out

    def children(self, ident: str) -> tuple[str, ...]:
        """The topics whose definition (the one that counts) names `ident` as broader."""
        found: set[str] = set()
        for _n, kids in self._lookup(CHILDREN, ident):
            for kid in kids:
                topic = self.topic(kid)
                if topic is not None and ident in topic.broader:
                    found.add(kid)
        return tuple(sorted(found))

    def audiences(self) -> dict[str, Audience]:
        """Every audience, by id."""
        out: dict[str, Audience] = {}
        for n, key, data in self._all(AUDIENCE):
            out.setdefault(key, audience_of(key, data, self.files[n].name))
        return out

    def crisis_topics(self) -> list[Topic]:
        """The topics marked `crisis: true`, in the vocabulary's order."""
        found = []
        for f in self.files:
            for ident in f.info.get("crisis_topics", ()):
                topic = self.topic(ident)
                if topic is not None and topic.crisis and topic not in found:
                    found.append(topic)
        return found

    def crisis_lines(self) -> list[CrisisLine]:
        """Every crisis line, in file order."""
        return [crisis_of(data, self.files[n].name) for n, _key, data in self._all(CRISIS)]

    # --- groups -------------------------------------------------------------------------

    def _refs(self, found: Iterable[tuple[int, Iterable[int]]]) -> list[int]:
        refs = [n << SHIFT | o for n, ords in found for o in ords]
        return [r for r in refs if r not in self.dropped] if self.dropped else refs

    def topic_groups(self, ident: str) -> list[int]:
        """The groups that name this topic, in catalogue order."""
        return self._refs(self._lookup(TOPIC_GROUPS, ident))

    def word_groups(self, word: str) -> list[tuple[int, int]]:
        """The groups whose name (1), organisation (2) or description (4) has the word."""
        out = []
        for n, entries in self._lookup(WORD, word):
            for entry in entries:
                ref = n << SHIFT | entry >> 3
                if ref not in self.dropped:
                    out.append((ref, entry & 7))
        return out

    def rows(self, refs: Iterable[int]) -> dict[int, Row]:
        """The ranking columns of these groups."""
        held = self._rows
        wanted = [r for r in refs if r not in held]
        if len(self.files) == 1:  # file 0: a reference is the group's place in the file
            texts = self.store.group_texts(self.files[0].id, wanted)
            held.update(zip(texts.keys(), map(_row, texts.values()), strict=True))
            return held
        files = self.files
        ids = {files[ref >> SHIFT].id << ROW | ref & MASK: ref for ref in wanted}
        for ident, text in self.store.group_texts_of(list(ids)).items():
            held[ids[ident]] = _row(text)
        return held

    def file_facts(self, numbers: Iterable[int]) -> dict[int, FileFacts] | None:
        """Each named file's facts for ranking by score; None when a file keeps none.

        (A file with groups always keeps them; one without has no candidates to rank.)
        """
        held = self._facts
        wanted = sorted(set(numbers) - held.keys())
        files = [self.files[n].id for n in wanted]
        facts = self.store.postings_of(FACTS, files, "groups") if files else {}
        profiles = self.store.postings_of(PROFILES, files, "groups") if files else {}
        for n, f in zip(wanted, files, strict=True):
            data, texts = facts.get(f), profiles.get(f)
            count = int(self.files[n].info["groups"])
            if data is None or texts is None or len(data) != 3 * count:
                return None
            view = memoryview(data)
            held[n] = FileFacts(
                texts,
                view[:count],
                view[count : 2 * count],
                view[2 * count :],
            )
        return held

    def initials_groups(self, word: str) -> set[int]:
        """The groups whose name's or organisation's initial letters make this word."""
        return set(self._refs(self._lookup(INITIALS, word)))

    def named_groups(self, words: Iterable[str]) -> set[int]:
        """The groups whose name holds every one of these words (none of them a number)."""
        found: set[int] | None = None
        for word in words:
            mine = set(self._refs(self._lookup(NAME_WORDS, word)))
            found = mine if found is None else found & mine
        return found or set()

    def all_rows(self) -> Iterator[tuple[int, Row]]:
        """Every group's columns, in catalogue order."""
        for n, f in enumerate(self.files):
            for o, text in self.store.all_groups(f.id, f.info["groups"]):
                ref = n << SHIFT | o
                if ref not in self.dropped:
                    yield ref, _row(text)

    def group(self, ref: int) -> Group:
        """A whole group."""
        return self.groups([ref])[ref]

    def groups(self, refs: Iterable[int]) -> dict[int, Group]:
        """Whole groups, read only for the results shown."""
        by_file: dict[int, list[int]] = {}
        for ref in refs:
            by_file.setdefault(ref >> SHIFT, []).append(ref & 0xFFFFFFFF)
        out = {}
        for n, ords in by_file.items():
            name = self.files[n].name
            for o, record in self.store.records(self.files[n].id, ords).items():
                out[n << SHIFT | o] = group_of(record, name)
        return out

    def find(self, gid: str) -> int | None:
        """The group with this id, or None."""
        refs = self._refs(self._lookup(GID, gid))
        return refs[0] if refs else None

    @cached_property
    def ids(self) -> list[str]:
        """Every group id (for did-you-mean hints and completion)."""
        return list(dict.fromkeys(key for _n, key, _data in self._all(GID)))

    def unscheduled(self) -> list[int]:
        """The groups without a meeting list."""
        return self._refs(self._lookup(UNSCHEDULED, "groups"))

    def topic_count(self, ident: str) -> int:
        """How many groups name this topic."""
        return len(self.topic_groups(ident))
