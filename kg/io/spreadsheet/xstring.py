"""Excel's escapes in a cell's text (ECMA-376 Part 1, 22.9.2.19, ST_Xstring).

``_xHHHH_`` in a workbook's text stands for the UTF-16 code unit HHHH. A character XML 1.0
cannot hold in a text node (the controls U+0000–U+001F but tab and newline; U+FFFE and
U+FFFF) is written so (``_x0001_``), a carriage return too (``_x000D_``: XML reads a bare
one as part of a line break and drops it), and an underscore that would begin such an escape
as ``_x005F_``, so that the text ``_x000D_`` a person typed is written ``_x005F_x000D_`` and
read back as itself. openpyxl neither writes nor reads these escapes in cells (it refuses
the controls, and its shared-string reader only deletes every ``x005F_``), so kg does both,
and reads a workbook's shared strings as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

#: The characters a cell's text escapes: those XML 1.0 cannot hold, and the carriage return.
_ESCAPED = r"\x00-\x08\x0b-\x1f\ufffe\uffff"
#: What a cell's text escapes: one of :data:`_ESCAPED`, and an underscore that begins
#: ``xHHHH_`` or ``xHHHH`` before one of them (whose escape begins with an underscore).
_TO_ESCAPE = re.compile(rf"[{_ESCAPED}]|_(?=x[0-9A-Fa-f]{{4}}[_{_ESCAPED}])")
#: An escape: a surrogate pair's two (one astral character), or one code unit.
_ESCAPE = re.compile(
    r"_x([Dd][89ABab][0-9A-Fa-f]{2})__x([Dd][C-Fc-f][0-9A-Fa-f]{2})_|_x([0-9A-Fa-f]{4})_"
)
#: SpreadsheetML's namespace, as ElementTree writes it in a tag.
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def escaped(text: str) -> str:
    """``text`` as a workbook's cell holds it: each carriage return ``_x000D_`` and each
    character XML cannot hold so (``_x0001_``), the underscore of each ``_xHHHH_`` in the
    text ``_x005F_`` (of ``_xHHHH`` before a character escaped, which its escape would end).

    >>> escaped("a\\r\\nb"), escaped("_x000D_"), escaped("a_b_x00_")
    ('a_x000D_\\nb', '_x005F_x000D_', 'a_b_x00_')
    >>> escaped("_x0041\\r"), escaped("a\\x01\\tb\\x00_x0041\\x1f"), escaped("\\uffff")
    ('_x005F_x0041_x000D_', 'a_x0001_\\tb_x0000__x005F_x0041_x001F_', '_xFFFF_')
    """
    return _TO_ESCAPE.sub(lambda match: f"_x{ord(match.group()):04X}_", text)


def unescaped(text: str) -> str:
    """A workbook cell's ``text`` with its escapes read, as Excel reads them; a lone half of
    a surrogate pair, which stands for no character, stays as written.

    >>> unescaped("a_x000D__x000a_b"), unescaped("_x005F_x000D_"), unescaped("_xD83D__xDE00_")
    ('a\\r\\nb', '_x000D_', '😀')
    >>> unescaped("_xD83D_"), unescaped("_x00_"), unescaped("_X000D_")
    ('_xD83D_', '_x00_', '_X000D_')
    """
    if "_x" not in text:
        return text
    return _ESCAPE.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    high, low, unit = match.groups()
    if unit is None:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00)
    code = int(unit, 16)
    return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)


def shared_strings(source: IO[bytes]) -> Iterator[str]:
    """A workbook's shared strings (xl/sharedStrings.xml) as written, escapes and all: each
    ``<si>``'s text, its runs' text joined, without its phonetic guides (as openpyxl reads
    them, less its deletion of ``x005F_``)."""
    from openpyxl.xml.functions import iterparse

    for _, element in iterparse(source):
        if element.tag == f"{MAIN}si":
            parts = [element.findtext(f"{MAIN}t") or ""]
            parts += [run.findtext(f"{MAIN}t") or "" for run in element.iter(f"{MAIN}r")]
            yield "".join(parts)
            element.clear()
