"""The source documents' texts: where they are looked up, read whole and page by page."""

from __future__ import annotations

import difflib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import not_utf8
from kg.io.files import unreadable
from kg.paths import sources_dir

_SPACE = re.compile(r"\s+")
#: Invisible format characters a PDF's text or a copied quote may hold: the soft hyphen,
#: zero-width spaces and joiners, direction marks, the byte order mark.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_PAGE_LINE = re.compile(r"^(\d+)(?:\s|$)")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space, strip the ends, and drop invisible
    format characters (a soft hyphen, a zero-width space): the words a reader sees, which a
    quote must match.

    >>> normalise("  Rädda\\n Barnen ")
    'Rädda Barnen'
    >>> normalise("Stångåstaden\\u00ad AB") == normalise("Stångåstaden AB")
    True
    """
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def clipped(text: str, width: int) -> str:
    """``text`` normalised, cut to ``width`` characters ("…" last) where longer: a quote as a
    message shows it."""
    text = normalise(text)
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class SourceText:
    """A source document's text, whole and (where it is paginated) page by page."""

    whole: str
    pages: dict[int, str]
    #: each page followed by the lines after it that begin no page (text pasted from a PDF
    #: with several lines a page), for the pages that have such lines
    runs: dict[int, str] = field(default_factory=dict)

    def pages_with(self, quote: str) -> list[int]:
        """The pages on which ``quote`` occurs, whitespace-normalised."""
        wanted = normalise(quote)
        return [number for number, text in self.pages.items() if wanted in text]

    def pages_running_with(self, quote: str) -> list[int]:
        """The pages on whose page line and the lines after it ``quote`` occurs, where it is
        on no page line itself: a page pasted as several lines."""
        wanted = normalise(quote)
        return [number for number, text in self.runs.items() if wanted in text]

    def pages_across(self, passage: str) -> list[int]:
        """The pages a passage of the whole text runs across, where it runs across more than
        one (else an empty list): where a quote crosses a page break.

        >>> SourceText("1 Första sidan slut 2 Andra sidan", {1: "1 Första sidan slut",
        ...     2: "2 Andra sidan"}).pages_across("sidan slut 2 Andra")
        [1, 2]
        """
        wanted = normalise(passage)
        at = self.whole.find(wanted)
        if at < 0 or not self.pages or self.pages_with(wanted):
            return []
        spans, start = [], 0
        for number, text in self.pages.items():
            start = self.whole.find(text, start)
            if start < 0:
                return []
            spans.append((number, start, start + len(text)))
        end = at + len(wanted)
        return [n for n, first, last in spans if first < end and at < last]

    def nearest(self, quote: str, likeness: float = 0.85) -> str | None:
        """The passage of the text a quote that is not in it was most likely copied from (about
        as many words, starting where one of its first or last words puts it), where the two
        are more than ``likeness`` alike; else None.

        >>> SourceText("Nämnden samarbetar också med Röda korset i Lund.", {}).nearest(
        ...     "Nämnden samarbetar med Röda korset i Lund.")
        'Nämnden samarbetar också med Röda korset i Lund.'
        """
        wanted = normalise(quote).split(" ")
        words = self.whole.split(" ")
        heads, tails = wanted[:3], wanted[-3:]
        starts = set()
        for i, word in enumerate(words):
            if word in heads:
                starts.add(i - heads.index(word))
            if word in tails:
                starts.add(i - (len(wanted) - 3 + tails.index(word)) if len(wanted) > 3 else i)
        quoted = " ".join(wanted)
        best, found = likeness, None
        for start in sorted(s for s in starts if s >= 0):
            for size in range(max(len(wanted) - 2, 1), len(wanted) + 3):  # a word or two apart
                passage = " ".join(words[start : start + size])
                matcher = difflib.SequenceMatcher(None, passage, quoted, autojunk=False)
                if matcher.quick_ratio() > best and matcher.ratio() > best:
                    best, found = matcher.ratio(), passage
        return found


def parse_source(path: Path) -> SourceText:
    """Read a source text and split it into pages where it has them (never cached).

    In the PDF text layer of a paginated report every page is one line that begins with its
    page number: page 1 is the first line that starts with "1 ", page 2 the next line that
    starts with "2 ", and so on, so numbers in other lines are never taken for pages.
    """
    try:
        raw = path.read_bytes()
    except PermissionError as error:  # another user's text
        raise unreadable(error, path) from error
    try:  # a byte order mark (Notepad, Excel) is no part of the first page's line
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        raise not_utf8(path, raw, error, effect="no quote was checked against it") from error
    pages: dict[int, str] = {}
    runs: dict[int, list[str]] = {}
    for line in lines:
        match = _PAGE_LINE.match(line)
        if match and int(match.group(1)) == len(pages) + 1:
            pages[len(pages) + 1] = normalise(line)
            runs[len(pages)] = [line]
        elif pages and line.strip():
            runs[len(pages)].append(line)
    joined = {n: normalise("\n".join(run)) for n, run in runs.items() if len(run) > 1}
    return SourceText(whole=normalise("\n".join(lines)), pages=pages, runs=joined)


def unpaged_line(file: str, pages: str) -> tuple[str, str]:
    """The mistake of a quote found on a paginated text's page only with the lines after the
    page's own line, and what to do."""
    return (
        f"the quote is on page {pages} of {file}, but on a line that does not begin with the "
        "page number",
        "in a paginated text each page is one line that begins with its number: join the "
        "page's lines into one line",
    )


#: The texts read so far, by path, each with the file's size, time and inode when it was read:
#: the bundled texts are read by many checks, and a long-lived process (a notebook) reads a
#: text again once it changes on disk, keeping only the version it read last. The last
#: :data:`KEPT_TEXTS` texts are kept.
_READ: OrderedDict[Path, tuple[tuple[int, int, int], SourceText]] = OrderedDict()
_READING = threading.Lock()
KEPT_TEXTS = 64


def read_source(path: Path) -> SourceText:
    """:func:`parse_source`, read again only when the file has changed since (its size, its
    modification time or its inode); the last 64 texts read are kept, one version of each, so
    that a long-lived process (a notebook) reads a text again once it changes on disk."""
    try:
        status = path.stat()
    except OSError:
        return parse_source(path)  # the error, as parse_source words it
    stamp = (status.st_size, status.st_mtime_ns, status.st_ino)
    with _READING:
        kept = _READ.get(path)
        if kept is not None and kept[0] == stamp:
            _READ.move_to_end(path)
            return kept[1]
    text = parse_source(path)
    with _READING:
        _READ[path] = (stamp, text)  # in place of the version read before
        _READ.move_to_end(path)
        while len(_READ) > KEPT_TEXTS:
            _READ.popitem(last=False)
    return text


def source_folders(folders: Path | str | Iterable[Path | str] | None = None) -> tuple[Path, ...]:
    """The folders searched for source texts, in order: ``folders``, then the bundled one.

    >>> source_folders()[-1] == sources_dir()
    True
    """
    given = [folders] if isinstance(folders, Path | str) else list(folders or ())
    return tuple(dict.fromkeys([*(Path(f) for f in given), sources_dir()]))


def find_source(file_name: str, folders: Iterable[Path]) -> Path | None:
    """The first of ``folders``' copies of the source text ``file_name``, or None. A folder
    the user may not look into is an error naming it: its copy cannot be told absent."""
    for folder in folders:
        path = inside(folder, file_name)
        try:
            if path is not None and path.is_file():
                return path
        except PermissionError as error:
            raise unreadable(error, folder) from error
    return None


def inside(folder: Path, name: str) -> Path | None:
    """The file ``name`` in ``folder``, or None when the name leads out of it (an absolute
    path, ``..``, a link pointing elsewhere): a quote is checked against the sources only.

    >>> inside(Path("/srv/sources"), "../../etc/passwd") is None
    True
    """
    if not name or Path(name).is_absolute() or "\\" in name or "\x00" in name:
        return None
    root = folder.resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) and path != root else None
