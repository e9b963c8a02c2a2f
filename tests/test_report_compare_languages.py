"""`kg report --compare` in both languages: the comparison in report.md and report.html in the
chosen language, the terminal summary too, and the same numbers in English and Swedish."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.report.charts import forget_drawn
from kg.report.i18n import LANGUAGES, messages

runner = CliRunner()
#: The catalogs' tables of the year and comparison sections.
TIME_TABLES = ("year", "change", "known", "cannot_tell")
#: The stated 2015 and 2016 assignment statuses (doc-004 pp. 6, 9, 15), as tests/
#: test_change_over_time.py checks them in the data.
ASSIGNMENTS = {
    "en": [("done (green)", 16, 27), ("ongoing (yellow)", 15, 4), ("not started (red)", 1, 1)],
    "sv": [
        ("slutfört (grönt)", 16, 27),
        ("pågår enligt plan (gult)", 15, 4),
        ("ej påbörjat (rött)", 1, 1),
    ],
}
HEADINGS = {
    "en": ("Change between 2015 and 2016", "What the sources cannot tell", "Collaborations"),
    "sv": ("Förändring mellan 2015 och 2016", "Vad källorna inte kan säga", "Samarbeten"),
}


@pytest.fixture(scope="module")
def written(bundled_report) -> dict[str, tuple[Path, str]]:
    """``kg report --lang L --compare 2015 2016`` for each language: its folder and output."""
    found = {}
    for lang in LANGUAGES:
        target, result = bundled_report("--lang", lang, "--compare", "2015", "2016")
        found[lang] = (target, result.stdout)
    return found


def _change(markdown: str) -> str:
    """The comparison section of a report.md."""
    start = markdown.index('<a id="change"></a>')
    return markdown[start : markdown.index('<a id="findings"></a>', start)]


def _phrases(lang: str) -> set[str]:
    """The fixed wording of the time sections in ``lang``: every message's text between its
    placeholders, where long enough to be the language's own."""
    found = set()
    for table in TIME_TABLES:
        for value in messages(lang)[table].values():
            texts = value.values() if isinstance(value, dict) else [value]  # plural forms
            for text in texts:
                for literal, *_ in string.Formatter().parse(text):
                    words = literal.strip(" .,:;()→—…")
                    if len(words) >= 12:
                        found.add(words)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_comparison_is_in_the_reports_language_in_markdown_and_html(written, lang):
    other = "en" if lang == "sv" else "sv"
    target, _ = written[lang]
    markdown = (target / "report.md").read_text("utf-8")
    html = (target / "report.html").read_text("utf-8")
    title, cannot_tell, collaborations = HEADINGS[lang]
    change = _change(markdown)
    assert f"## {title}" in change and f"### {cannot_tell}" in change
    assert f"### {collaborations}" in change
    # right after the title and its lines, before the findings
    assert markdown.index(f"## {title}") < markdown.index('<a id="findings"></a>')
    assert f'<section id="change" class="section-change">\n<h2>{title}</h2>' in html
    assert f'<h3 id="change-cannot-tell">{cannot_tell}</h3>' in html
    assert f'<li><a href="#change">{title}</a></li>' in html  # in the contents
    for status, before, after in ASSIGNMENTS[lang]:
        assert re.search(rf", {re.escape(status)} \| {before} \| {after} \|", change), status
        assert re.search(rf"{re.escape(status)}</td>\s*<td class=\"num\">{before}</td>", html)
    for phrase in _phrases(other) - _phrases(lang):
        assert phrase not in change, phrase
        assert phrase not in html, phrase


def test_started_and_ended_only_where_the_source_says_so_in_swedish(written):
    target, _ = written["sv"]
    change = _change((target / "report.md").read_text("utf-8"))
    data = json.loads((target / "report.json").read_text("utf-8"))["compare"]
    stated = [
        c for rows in data["collaborations"].values() for c in rows if c.get("known") in
        ("started", "ended")
    ]  # fmt: skip
    said = re.findall(r"(startade|avslutades) (\d{4}) \(enligt källan\)", change)
    assert len(said) == len(stated) == 3
    # the words name the verbs in the paragraph on what each means, and elsewhere say a change
    intro = messages("sv")["change"]["known_intro"].format(first=2015, second=2016)
    assert change.count(intro) == 1
    assert len(re.findall(r"startade|avslutades", change.replace(intro, ""))) == len(said)
    assert "rapporterad första gången 2016" in change
    assert "Samarbeten som rapporteras första gången 2016" in change


def test_english_and_swedish_give_the_same_comparison(written):
    (en, en_out), (sv, sv_out) = written["en"], written["sv"]
    data = [json.loads((t / "report.json").read_text("utf-8"))["compare"] for t in (en, sv)]
    assert data[0] == data[1]
    changes = [_change((t / "report.md").read_text("utf-8")) for t in (en, sv)]

    def listed(text: str) -> list[str]:
        # the counts of the collaboration lists: "Reported in 2016, not in 2015 (95):"
        return re.findall(r"\((\d+)\):", text)

    def counts(text: str) -> list[tuple[str, str]]:
        section = text[text.index('<a id="change-counts"></a>') :]
        section = section[: section.index("<a id=", 10)]
        return re.findall(r"\| (\d+|—) \| (\d+|—) \| [^|]*\|$", section, re.M)

    assert listed(changes[0]) == listed(changes[1]) and listed(changes[0])
    assert counts(changes[0]) == counts(changes[1]) and ("16", "27") in counts(changes[0])
    numbers = [sorted(re.findall(r"\d+", c)) for c in changes]
    assert numbers[0] == numbers[1]
    # the terminal says the same in each language, and ends with where to look next
    found = data[0]["collaborations"]
    n = {k: len(v) for k, v in found.items()}
    assert f"2015 → 2016: {n['only_second']} collaborations reported in 2016" in en_out
    assert f"2015 → 2016: {n['only_second']} samarbeten rapporterade 2016" in sv_out
    assert "Stated counts" in en_out and "Angivna antal" in sv_out
    assert "Angivna antal" not in en_out and "Stated counts" not in sv_out
    assert sv_out.rstrip().splitlines()[-1].startswith("Utforska nätverket: ")
    assert en_out.rstrip().splitlines()[-1].startswith("Explore the network: ")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_link_of_the_compared_report_lands(written, lang):
    target, _ = written[lang]
    markdown = (target / "report.md").read_text("utf-8")
    anchors = re.findall(r'<a id="([^"]+)"></a>', markdown)
    assert len(anchors) == len(set(anchors)), "no anchor twice"
    for link in set(re.findall(r"\]\(#([^)]+)\)", _change(markdown))):
        assert link in anchors, link
    html = (target / "report.html").read_text("utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "no id twice"
    for link in set(re.findall(r'href="#([^"]+)"', html)):
        assert link in ids, link


@pytest.mark.slow
def test_the_compared_report_is_written_alike_each_time(written, tmp_path: Path):
    again = tmp_path / "again"
    forget_drawn()  # the charts are drawn again, as in a new process
    args = ["report", "--lang", "sv", "--compare", "2015", "2016", "-o", str(again)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    target, _ = written["sv"]
    for name in ("report.md", "report.html", "report.json"):
        assert (again / name).read_bytes() == (target / name).read_bytes(), name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Unchanged between 2014 and 2015 (the same status, groups and partners): "
               "City Executive Board (Kommunstyrelsen)."),
        ("sv", "Oförändrad mellan 2014 och 2015 (samma status, grupper och partner): "
               "Kommunstyrelsen (City Executive Board)."),
    ],
)  # fmt: skip
def test_a_committee_described_in_both_years_is_listed_when_it_did_not_change(
    bundled_report, lang: str, line: str
):
    """The section lists every committee described in both years, as its intro says: the
    unchanged ones too (2014 → 2015: the city executive board, the same in both)."""
    folder, _ = bundled_report("--lang", lang, "--compare", "2014", "2015")
    data = json.loads((folder / "report.json").read_text("utf-8"))["compare"]
    both = [r for r in data["committees"] if r["described"] == "both"]
    assert both and not any(r["changed"] for r in both)
    change = _change((folder / "report.md").read_text("utf-8"))
    assert line in change
    for row in both:
        assert row["label"] in change


def test_the_swedish_terminal_summary_agrees_with_one_collaboration(bundled_report):
    """ "1 samarbete rapporterat", never "1 samarbete rapporterade"; the plural as before."""
    folder, result = bundled_report("--lang", "sv", "--compare", "2014", "2015")
    data = json.loads((folder / "report.json").read_text("utf-8"))["compare"]
    n = {k: len(v) for k, v in data["collaborations"].items()}
    line = next(x for x in result.stdout.splitlines() if x.startswith("2014 → 2015: "))
    for key, year in (("only_second", 2015), ("only_first", 2014)):
        word = "samarbete rapporterat" if n[key] == 1 else "samarbeten rapporterade"
        assert f"{n[key]} {word} {year} men inte" in line, line
