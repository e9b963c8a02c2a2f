"""``kg init``: a new city's data folder, with its settings, READMEs and a spreadsheet to fill."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.errors import KgError
from kg.io.datafolder import SETTINGS_FILE
from kg.io.given import refuse_uploaded
from kg.io.spreadsheet import template_for_city
from kg.io.spreadsheet.cells import city_base, slug
from kg.model.spoken import LANGUAGES


def init_city(directory: Path | str, city: str, lang: str = "sv") -> list[Path]:
    """Make a data folder for ``city`` in ``directory`` (new or empty); return the files written.

    The folder has ``kg.toml`` (the city and its ``sources`` folder), a README in Swedish and
    English, ``sources/`` and the spreadsheet ``data/<city>.xlsx``, whose first actor is the
    city, waiting for the quote that names it.
    """
    refuse_uploaded(directory)  # not a folder named https: here
    directory = Path(directory)
    if lang not in LANGUAGES:
        raise KgError(f"unknown language '{lang}'", hint="write the spreadsheet in sv or en")
    if not city.strip():
        raise KgError("the city has no name", hint='give it: kg init DIR --city "Sjöstad kommun"')
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise KgError(
            f"{directory} exists and is not an empty folder",
            hint="give a new folder; kg init writes nothing over existing files",
        )
    base = city_base(city)
    name = slug(base.rstrip("/").rsplit("/", 1)[-1])
    new = _first_missing(directory)
    try:
        (directory / "sources").mkdir(parents=True, exist_ok=True)
        (directory / "data").mkdir(exist_ok=True)
        settings = directory / SETTINGS_FILE
        settings.write_text(_settings(city, lang, base), encoding="utf-8")
        readme = directory / "README.md"
        readme.write_text(_readme(city, name, lang, base, directory.name), encoding="utf-8")
        keep = directory / "sources" / "README.md"
        keep.write_text(_SOURCES_README, encoding="utf-8")
        sheet = template_for_city(directory / "data" / f"{name}.xlsx", city, base, lang)
    except KgError:  # the spreadsheet could not be written: nothing half-made stays either
        _take_back(directory, new)
        raise
    except OSError as error:  # nothing half-made stays, so that kg init can be run again
        _take_back(directory, new)
        raise KgError(
            f"cannot write the folder: {error.strerror or error}",
            path=directory,
            hint="check that the folder above it exists and is writable, or give another folder",
        ) from error
    return [settings, readme, keep, sheet]


def _first_missing(directory: Path) -> Path | None:
    """The outermost folder of ``directory``'s path that does not exist yet (None: it does)."""
    missing = None
    for folder in [directory, *directory.absolute().parents]:
        if folder.exists() or folder.is_symlink():
            return missing
        missing = folder
    return missing  # pragma: no cover (the root exists)


def _take_back(directory: Path, new: Path | None) -> None:
    """Remove what :func:`init_city` made: the folders it made, or what it wrote in the empty
    folder it was given."""
    if new is not None:
        shutil.rmtree(new, ignore_errors=True)
    elif directory.is_dir():
        for made in directory.iterdir():
            if made.is_dir() and not made.is_symlink():
                shutil.rmtree(made, ignore_errors=True)
            else:
                made.unlink(missing_ok=True)


#: kg.toml's comments, in the folder's language
_SETTINGS_NOTES = {
    "en": (
        "kg settings for this data folder",
        "the language of reports, tables and messages (--lang)",
        "the IRI every name is made under",
    ),
    "sv": (
        "kg:s inställningar för den här datamappen",
        "språket för rapporter, tabeller och meddelanden (--lang)",
        "IRI:n som alla namn bildas under",
    ),
}


def _settings(city: str, lang: str, base: str) -> str:
    """kg.toml: the city, its sources folder and its language, with comments in ``lang``."""
    about, language, names = _SETTINGS_NOTES[lang]
    return (
        f'# {about}\ncity = "{_toml(city)}"\nsources = "sources"\n'
        f'lang = "{lang}"   # {language}\n# base = "{base}"   # {names}\n'
    )


def _toml(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


_SOURCES_README = """\
# sources/ — källtexterna / the source texts

Svenska: lägg varje källdokument här som en textfil i UTF-8 (.txt) med det filnamn som står i
kolumnen "fil" på bladet "dokument". Har dokumentet sidnummer: en rad per sida, som börjar med
sidans nummer ("1 …", "2 …"), och skriv "ja" under "sidnumrerad".

English: put each source document here as a UTF-8 text file (.txt) named as in column "file"
of sheet "documents". If it prints page numbers: one line per page starting with the page's
number ("1 …", "2 …"), and write "yes" under "paginated".
"""


def _readme(city: str, name: str, lang: str, base: str, folder: str) -> str:
    return f"""\
# {city}: aktörer och allianser / actors and alliances

## Svenska

Den här mappen innehåller uppgifterna om {city} för kg. Kör kommandona nedan i mappen
(`cd {folder}` först). Arbetsgången:

1. Lägg källdokumentens text i `sources/` (en UTF-8-textfil per dokument, se
   `sources/README.md`).
2. Fyll i kalkylarket `data/{name}.xlsx`: ett blad vardera för dokument, aktörer,
   samverkan och parter (och fler blad för fler belägg, antal och områden). Varje aktör,
   samarbete och part behöver ett ordagrant citat ur ett dokument, med sida om dokumentet
   har sidnummer.
   {city} står redan som första aktör: skriv in ett citat som nämner kommunen.
3. `kg import data/{name}.xlsx -o data/{name}.ttl` gör om kalkylarket till data. Varje fel
   anges med blad, rad och kolumn, på kalkylarkets språk, och då skrivs ingen fil.
4. `kg validate --no-bundled --data . --lang sv` kontrollerar uppgifterna och varje citat mot
   källtexten, och säger på svenska vad som ska rättas.
5. `kg report --no-bundled --data . --lang sv -o rapport` skriver rapporten och kartan på
   svenska.

Ge kommunen dess engelska namn (kolumnen "namn (en)") för den engelska rapportens titel, och
innan ni publicerar uppgifterna en egen adress för deras namn (nyckeln "bas" på bladet "om";
tom görs de under {base}).

`kg export --no-bundled --data . --format xlsx --lang {lang} -o data/{name}.xlsx` skriver
kalkylarket från uppgifterna igen, med bladens och kolumnernas namn på samma språk som nu. kg
hittar `kg.toml` i den här mappen och läser där var källtexterna finns.

## English

This folder holds {city}'s data for kg. Run the commands below in it (`cd {folder}`
first). The workflow:

1. Put the source documents' texts in `sources/` (one UTF-8 text file per document, see
   `sources/README.md`).
2. Fill in the spreadsheet `data/{name}.xlsx`: a sheet each for documents, actors,
   collaborations and parties (and sheets for more evidence, counts and areas). Every actor,
   collaboration and party needs a verbatim quote from a document, with its page if the
   document is paginated. {city} is already the first actor: add a quote that names it.
3. `kg import data/{name}.xlsx -o data/{name}.ttl` turns the spreadsheet into data. Each
   mistake is named by sheet, row and column, in the spreadsheet's language, and then no
   file is written.
4. `kg validate --no-bundled --data .` checks the data, and each quote against its text.
5. `kg report --no-bundled --data . -o report` writes the report and the map.

Give the municipality its English name (column "name (en)") for the English report's title,
and, before you publish the data, your own address for its names (key "base" on the sheet
"about"; empty, they are made under {base}).

`kg export --no-bundled --data . --format xlsx --lang {lang} -o data/{name}.xlsx` writes the
spreadsheet from the data again, its sheets and columns named in the language they are now.
kg finds `kg.toml` in this folder and reads there where the texts are.
"""
