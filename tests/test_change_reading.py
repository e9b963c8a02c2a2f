"""Reading the comparison as a strategist would: what the refusals say and when, what "first
reported" and "last reported" mean, what the section says where no committee can be
compared, and that every surface dates a stated count as the report does."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EXIT_INPUT

runner = CliRunner()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "--compare needs two different years, not 2015 twice"),
        ("sv", "--compare behöver två olika år, inte 2015 två gånger"),
    ],
)
def test_the_same_year_twice_is_refused_at_once_in_the_reports_language(tmp_path, lang, said):
    result = runner.invoke(
        app, ["report", "--lang", lang, "--compare", "2015", "2015", "-o", str(tmp_path / "r")]
    )
    assert result.exit_code == EXIT_INPUT
    assert said in result.output
    # refused before the data is validated, as a year outside the data is
    assert "conforms" not in result.output and "uppfyller" not in result.output
