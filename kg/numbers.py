"""Numbers as each of kg's languages writes them: thousands apart (in Swedish by a narrow
no-break space, U+202F), the language's decimal mark.
One rule for the report's catalog and the terminal's progress steps."""

from __future__ import annotations

from decimal import Decimal


def written(
    value: float | Decimal, digits: int = 0, lang: str = "en", *, trim: bool = False
) -> str:
    """``value`` as ``lang`` writes it (a float or a :class:`~decimal.Decimal` with
    ``digits`` decimals, a Decimal exactly, however many its digits; with ``trim``, without
    trailing zeros).

    >>> written(5900), written(5900, lang="sv"), written(0.1234, 3, "sv")
    ('5,900', '5\\u202f900', '0,123')
    >>> written(2.0, 3, trim=True), written(1250.5, 3, "sv", trim=True)
    ('2', '1\\u202f250,5')
    >>> written(Decimal("12345678901234567.25"), 2, "sv")
    '12\\u202f345\\u202f678\\u202f901\\u202f234\\u202f567,25'
    """
    text = f"{value:,.{digits}f}" if isinstance(value, float | Decimal) else f"{value:,}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",") if lang == "sv" else text


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` things in English words (a text form such as ``repr``'s).

    >>> counted(1, "node"), counted(2_000, "node"), counted(3, "party", "parties")
    ('1 node', '2,000 nodes', '3 parties')
    """
    return f"{n:,} {one if n == 1 else many or one + 's'}"
