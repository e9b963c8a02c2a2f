"""A synthetic big city's follow-up as kg import reads it: source texts and a workbook.

Run:  python bench/bigcity.py /tmp/storstad                 # 40 committees, 5,000 actors …
      python bench/bigcity.py /tmp/storstad --mistakes 300  # and a workbook with mistakes
      python bench/bigcity.py /tmp/small --scale 0.05       # a twentieth of it

Storstad kommun is fictional and so is everything in it ("Förening 0001", "Nämnd 07"). The
folder gets a ``kg.toml``, one source text per administration (``sources/``: every quote of
the workbook stands in it, on its page) and ``data/storstad.xlsx`` with Swedish sheet and
column names, as ``kg init`` writes them: 40 committees, each with an administration, about
5,000 actors, 12,000 collaborations and 30,000 parties at ``--scale 1``. ``--csv`` writes the
same rows as a CSV folder too. ``--mistakes N`` writes ``data/storstad-fel.xlsx``: the same
workbook with N mistakes of the kinds kg import reports, spread over the sheets (an unknown
type word, a party naming no actor, a duplicate row, a year out of range, Swedish Excel's
``FALSKT`` in a year cell, an Excel date in a year cell, merged cells, a formula without a
saved result, a name with trailing spaces and a hidden sheet), and lists what it put where in
``data/storstad-fel.txt``. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CITY = "Storstad kommun"
YEAR = 2023
#: Non-committee actor kinds: (type word, sector word, share, Swedish name stem).
KINDS = [
    ("förening", "idéburen", 0.55, "Förening"),
    ("bolag", "näringsliv", 0.20, "Bolag"),
    ("myndighet", "offentlig", 0.12, "Myndighet"),
    ("högskola", "akademi", 0.05, "Högskola"),
    ("verksamhet", "offentlig", 0.08, "Skola"),
]
#: Collaboration kinds: (type word, share, Swedish name stem).
COLLABORATIONS = [
    ("kunskapsallians", 0.40, "Kunskapsallians"),
    ("projekt", 0.25, "Projekt"),
    ("IOP", 0.15, "IOP"),
    ("nätverk", 0.10, "Nätverk"),
    ("samverkansavtal", 0.05, "Samverkansavtal"),
    ("mötesplats", 0.05, "Mötesplats"),
]
HEADERS = {
    "om": ["nyckel", "värde"],
    "dokument": ["id", "titel", "slag", "utgivare", "datum", "språk", "fil", "paginerad",
                 "avser år"],
    "aktörer": ["namn (sv)", "typ", "sektor", "kommunal", "del av", "dokument", "sida",
                "citat"],
    "samverkan": ["namn (sv)", "typ", "redovisas av", "år", "dokument", "sida", "citat"],
    "parter": ["samverkan", "aktör", "år", "dokument", "sida", "citat"],
}  # fmt: skip
SENTENCES_PER_PAGE = 25


@dataclass
class City:
    """The rows of each sheet and each document's pages of text."""

    sheets: dict[str, list[list[object]]] = field(default_factory=dict)
    pages: dict[str, list[list[str]]] = field(default_factory=dict)

    def say(self, doc: str, sentence: str) -> int:
        """Put ``sentence`` in document ``doc``'s text; the page it stands on."""
        pages = self.pages.setdefault(doc, [[]])
        if len(pages[-1]) >= SENTENCES_PER_PAGE:
            pages.append([])
        pages[-1].append(sentence)
        return len(pages)


def build(scale: float = 1.0, committees: int = 40, seed: int = 0) -> City:
    """The city's rows: ``committees`` committees with an administration each, about
    5,000 × ``scale`` actors, 12,000 × ``scale`` collaborations and 2.5 parties each."""
    rng = random.Random(seed)
    city = City()
    docs = [f"forv-{n:02d}" for n in range(1, committees + 1)]
    city.sheets["om"] = [["stad", CITY]]
    city.sheets["dokument"] = [
        [doc, f"Förvaltning {n:02d}: uppföljning {YEAR}", "rapport", CITY, str(YEAR + 1), "sv",
         f"storstad-{doc}.txt", "ja", str(YEAR)]
        for n, doc in enumerate(docs, 1)
    ]  # fmt: skip
    actors = city.sheets["aktörer"] = []

    def actor(name: str, kind: str, sector: str, municipal: str, parent: str, doc: str) -> None:
        page = city.say(doc, f"{name} är en {kind} i Storstad som {doc} beskriver.")
        actors.append([name, kind, sector, municipal, parent, doc, page,
                       f"{name} är en {kind} i Storstad som {doc} beskriver."])  # fmt: skip

    actor(CITY, "kommun", "offentlig", "ja", "", docs[0])
    publics = []
    for n, doc in enumerate(docs, 1):
        actor(f"Nämnd {n:02d}", "nämnd", "offentlig", "ja", CITY, doc)
        actor(f"Förvaltning {n:02d}", "förvaltning", "offentlig", "ja", f"Nämnd {n:02d}", doc)
        publics.append((f"Nämnd {n:02d}", f"Förvaltning {n:02d}", doc))
    others: dict[str, list[str]] = {stem: [] for *_, stem in KINDS}
    total = max(int(5000 * scale) - 1 - 2 * committees, len(KINDS))
    for kind, sector, share, stem in KINDS:
        for n in range(1, max(1, round(total * share)) + 1):
            name = f"{stem} {n:04d}"
            parent = rng.choice(publics)[1] if kind == "verksamhet" else ""
            municipal = "ja" if kind == "verksamhet" else "nej"
            actor(name, kind, sector, municipal, parent, rng.choice(docs))
            others[stem].append(name)
    civil = others["Förening"]
    everyone = [name for names in others.values() for name in names]
    collaborations = city.sheets["samverkan"] = []
    parties = city.sheets["parter"] = []
    for kind, share, stem in COLLABORATIONS:
        for n in range(1, max(1, round(12000 * scale * share)) + 1):
            name = f"{stem} {n:05d}"
            committee, administration, doc = rng.choice(publics)
            partners = [rng.choice(civil if kind == "IOP" else everyone)]
            if rng.random() < 0.5:
                partners.append(rng.choice(everyone))
            members = [administration, *dict.fromkeys(partners)]
            listed = ", ".join(members[:-1]) + " och " + members[-1]
            quote = f"I {name} arbetar {listed} tillsammans under {YEAR}."
            page = city.say(doc, quote)
            collaborations.append([name, kind, committee, str(YEAR), doc, page, quote])
            parties.extend([name, member, str(YEAR), doc, page, quote] for member in members)
    return city


def write_sources(city: City, folder: Path) -> None:
    """Each document's text, one line per page that starts with its number."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc, pages in city.pages.items():
        lines = [f"{n} " + " ".join(page) for n, page in enumerate(pages, 1)]
        Path(folder, f"storstad-{doc}.txt").write_text("\n".join(lines) + "\n", "utf-8")


def write_xlsx(city: City, path: Path) -> None:
    """The workbook, written in openpyxl's write-only mode."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in city.sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(HEADERS[title])
        for row in rows:
            sheet.append(row)
    book.save(path)


def write_csv(city: City, folder: Path) -> None:
    """One UTF-8 CSV file per sheet, separated by semicolons as Swedish Excel saves them."""
    folder.mkdir(parents=True, exist_ok=True)
    for title, rows in city.sheets.items():
        with Path(folder, f"{title}.csv").open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, delimiter=";")
            writer.writerow(HEADERS[title])
            writer.writerows(rows)


def _spread(count: int, kinds: int) -> Iterator[int]:
    """How many mistakes of each kind: ``count`` shared out over ``kinds``."""
    for kind in range(kinds):
        yield count // kinds + (1 if kind < count % kinds else 0)


def write_mistakes(city: City, path: Path, count: int, seed: int = 1) -> list[str]:
    """The workbook with ``count`` mistakes; what was put where, one line each."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    sheets = {title: [list(row) for row in rows] for title, rows in city.sheets.items()}
    done: list[str] = []
    taken: set[tuple[str, int]] = set()

    def pick(title: str) -> int:
        while True:
            index = rng.randrange(len(sheets[title]))
            if (title, index) not in taken:
                taken.add((title, index))
                return index

    shares = list(_spread(count, 10))
    for _ in range(shares[0]):  # an unknown type word
        i = pick("aktörer")
        sheets["aktörer"][i][1] = "forening x"
        done.append(f"aktörer row {i + 2}: type 'forening x'")
    for _ in range(shares[1]):  # a party naming no actor
        i = pick("parter")
        sheets["parter"][i][1] = f"Förening {9000 + i}"
        done.append(f"parter row {i + 2}: actor 'Förening {9000 + i}'")
    duplicates = []
    for _ in range(shares[2]):  # a duplicate collaboration row, added at the end
        i = pick("samverkan")
        duplicates.append(list(sheets["samverkan"][i]))
        done.append(f"samverkan row {i + 2} again at the end")
    for _ in range(shares[3]):  # a year out of range
        i = pick("samverkan")
        sheets["samverkan"][i][3] = "2099"
        done.append(f"samverkan row {i + 2}: year 2099")
    for _ in range(shares[4]):  # Swedish Excel's FALSE in a year cell
        i = pick("parter")
        sheets["parter"][i][2] = "FALSKT"
        done.append(f"parter row {i + 2}: year FALSKT")
    for _ in range(shares[5]):  # an Excel date in a year cell
        i = pick("samverkan")
        sheets["samverkan"][i][3] = dt.datetime(YEAR, 3, 1)
        done.append(f"samverkan row {i + 2}: year as the date {YEAR}-03-01")
    merges = []
    for _ in range(shares[6]):  # a party's collaboration merged over the next row
        i = pick("parter")
        taken.add(("parter", i + 1))
        merges.append(f"A{i + 2}:A{i + 3}")
        sheets["parter"][i + 1][0] = None
        done.append(f"parter rows {i + 2}-{i + 3}: collaboration merged")
    formulas = []
    for _ in range(shares[7]):  # a formula without a saved result
        i = pick("aktörer")
        formulas.append((i, f"=B{i + 2}"))
        done.append(f"aktörer row {i + 2}: sector a formula without its result")
    for _ in range(shares[8]):  # trailing spaces
        i = pick("parter")
        sheets["parter"][i][1] = f"{sheets['parter'][i][1]}   "
        done.append(f"parter row {i + 2}: actor with trailing spaces")
    hidden = shares[9]  # a hidden sheet of old rows, one mistake a row
    sheets["samverkan"].extend(duplicates)
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(HEADERS[title])
        for row in rows:
            sheet.append(row)
        if title == "samverkan":
            for row in range(2, len(rows) + 2):
                if isinstance(sheet.cell(row, 4).value, dt.datetime):
                    sheet.cell(row, 4).number_format = "yyyy-mm-dd"
    for ref in merges:
        book["parter"].merge_cells(ref)
    for i, formula in formulas:
        book["aktörer"].cell(i + 2, 3).value = formula
    if hidden:
        old = book.create_sheet("gamla parter")
        old.sheet_state = "hidden"
        old.append(HEADERS["parter"])
        for row in city.sheets["parter"][:hidden]:
            old.append(row)
        done.append(f"a hidden sheet 'gamla parter' with {hidden} rows")
    book.save(path)
    return done


def main() -> None:
    """Parse arguments, write the folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--committees", type=int, default=40)
    parser.add_argument("--mistakes", type=int, default=0)
    parser.add_argument("--csv", action="store_true", help="the CSV folder data/storstad/ too")
    args = parser.parse_args()
    city = build(args.scale, args.committees)
    folder = args.folder
    Path(folder, "data").mkdir(parents=True, exist_ok=True)
    Path(folder, "kg.toml").write_text(
        f'# Fictional: written by bench/bigcity.py.\ncity = "{CITY}"\nsources = "sources"\n'
        'lang = "sv"\n',
        "utf-8",
    )
    write_sources(city, folder / "sources")
    write_xlsx(city, folder / "data" / "storstad.xlsx")
    if args.csv:
        write_csv(city, folder / "data" / "storstad")
    if args.mistakes:
        done = write_mistakes(city, folder / "data" / "storstad-fel.xlsx", args.mistakes)
        Path(folder, "data", "storstad-fel.txt").write_text("\n".join(done) + "\n", "utf-8")
    counts = ", ".join(f"{len(rows)} {title}" for title, rows in city.sheets.items())
    print(f"wrote {folder}: {counts}")


if __name__ == "__main__":
    main()
