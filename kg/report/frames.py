"""The analysis as pandas DataFrames, one tidy table per result, for notebooks (the ``pandas``
extra: ``pip install 'kg-malmo[pandas]'``)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kg.analysis import suggest as suggesting
from kg.analysis.concentration import flat_lists
from kg.analysis.gaps import flat_gaps, gap_columns, widest_gaps
from kg.analysis.pipeline import Analysis
from kg.analysis.suggestion_rows import COLUMNS as SUGGESTION_COLUMNS
from kg.analysis.suggestion_rows import suggestion_rows
from kg.errors import KgError
from kg.model.vocab import WHOLE_NUMBERS, XSD
from kg.sparql.counted import rows_read

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyoxigraph as ox

#: The tables :func:`frames` returns, in order.
TABLES = (
    "gaps",
    "partners",
    "centrality",
    "brokers",
    "communities",
    "sector_holes",
    "suggestions",
    "nodes",
    "edges",
)


def frames(analysis: Analysis) -> dict[str, pd.DataFrame]:
    """Every result of ``analysis`` as a DataFrame, one row per thing, one value per cell.

    ``gaps``: a committee per row, a column of partners per partner group; ``partners``: a
    committee and one of its partners per row, the collaborations that link them by name
    (``collaborations``) and, in the same order, by IRI (``collaboration_iris``: the edge's
    ``collaborations`` in ``edges``; two collaborations may share a name); ``centrality``
    and ``brokers``: an organisation per row; ``communities``: a member per row;
    ``sector_holes``: a pair of groups per row;
    ``suggestions``: the best candidates of each committee that lacks a group, a row each, with
    ``kg suggest NAME -f csv``'s columns and values after the committee's IRI and name
    (``committee``, ``committee_label``);
    ``nodes`` and ``edges``: the network (a node's ``community`` is NA where it has no
    partner, and so is in no community; its ``municipal`` NA where the data does not say).
    Lists are joined with "; ".

    >>> import kg
    >>> tables = frames(kg.analyse(kg.Source().facts()))
    >>> row = tables["gaps"].iloc[0]
    >>> row["label"], row["status"], int(row["civil"])
    ('Förtroendenämnden', 'no-partner', 0)
    """
    if not hasattr(analysis, "gaps"):
        raise TypeError(
            f"frames takes an analysis, not a {type(analysis).__name__}: "
            "kg.frames(kg.analyse(source.facts()))"
        )
    pd = _pandas()
    rows = _rows(analysis, widest_gaps(analysis.gaps))
    tables = {name: pd.DataFrame(rows[name], columns=columns(name)) for name in TABLES}
    # an organisation without partners is in no community: NA, not a made-up number; one
    # whose data does not say whether it is municipal: NA beside True and False
    tables["nodes"]["community"] = tables["nodes"]["community"].astype("Int64")
    tables["nodes"]["municipal"] = tables["nodes"]["municipal"].astype("boolean")
    return tables


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - the test extra has pandas
        raise KgError(
            "pandas is not installed", hint="pip install 'kg-malmo[pandas]' (or pandas)"
        ) from error
    return pd


def answer_frame(answer: Any, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A query's answer (what :func:`kg.query` returns) as a DataFrame: for a SELECT, a column
    per variable; for a CONSTRUCT or DESCRIBE, ``subject``, ``predicate`` and ``object``.
    IRIs and text are strings, blank nodes ``_:`` and their name, numbers and booleans of the
    XSD types Python values, a variable left unbound None.

    An answer is read once: make the frame instead of looping over it
    (``answer_frame(kg.query(…))``). One of :func:`kg.query` some of whose rows were read
    before (looped over, ``next(answer)``) is a :class:`~kg.errors.KgError`, as its frame
    would lack them (pyoxigraph's own answer, of ``store.query``, cannot tell: its frame is
    of the rows left). The frame keeps its rows, and a second call on the same answer is a
    :class:`~kg.errors.KgError` (run the query again). An answer passed as it comes
    (``answer_frame(kg.query(…))``) is not kept once read, nor the store it reads; one kept in
    a name is remembered while that name holds it, and until the next call after. A list of
    its rows (``list(rows)``) is taken too, of triples as it is; a SELECT's rows do not keep
    their variables' names, so give them as ``columns`` (``[v.value for v in
    answer.variables]``).

    >>> import kg
    >>> pairs = answer_frame(kg.query(kg.Source(), "sector-pairs"))
    >>> list(pairs.columns), pairs["collaborations"].dtype.kind
    (['sector1', 'sector2', 'collaborations'], 'i')
    >>> answer_frame(kg.query(kg.Source(), "evidence-between-actors"))["page"].tolist()[-2:]
    [None, None]
    """
    import pyoxigraph as ox

    pd = _pandas()
    if isinstance(answer, ox.QueryBoolean):
        raise KgError("an ASK query's answer is one yes or no", hint="read it as bool(answer)")
    if isinstance(answer, list | tuple):
        return _listed(answer, columns)
    if not isinstance(answer, ox.QuerySolutions | ox.QueryTriples):
        raise TypeError(
            "answer_frame takes a query's answer (kg.answer_frame(kg.query(source, …))) or a "
            f"list of its rows, not a {type(answer).__name__}"
        )
    if _read_before(answer):
        raise KgError(
            "this answer has been read already, and a query's answer can be read once",
            hint="run the query again, or keep the frame the first call gave",
        )
    if read := rows_read(answer):
        raise KgError(
            f"rows of this answer have been read already ({read} of them), and its frame "
            "would lack them",
            hint="run the query again and pass it to kg.answer_frame before reading any row "
            "(or keep every row in a list: kg.answer_frame(rows, columns=[v.value for v in "
            "answer.variables]))",
        )
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [[_value(solution[name]) for name in names] for solution in answer]
        frame = _typed(pd.DataFrame(rows, columns=names, dtype=object))
    else:
        frame = _triples(answer)
    if _references_in_call(answer) > _PASSED_ALONE:  # the caller keeps it: it may come again
        _READ.append(answer)
    return frame


def _listed(rows: list | tuple, columns: Sequence[str] | None) -> pd.DataFrame:
    """The frame of a list of an answer's rows: triples, or solutions named by ``columns``."""
    import pyoxigraph as ox

    pd = _pandas()
    if rows and all(isinstance(row, ox.Triple) for row in rows):
        return _triples(rows)
    if not all(isinstance(row, ox.QuerySolution) for row in rows):
        raise TypeError(
            "answer_frame takes a list of a query's rows (its solutions or triples), not a "
            f"list of {type(next(r for r in rows if not isinstance(r, ox.QuerySolution))).__name__}"
        )
    if columns is None and rows:
        raise KgError(
            "a list of a SELECT's rows does not keep the variables' names",
            hint="give them: kg.answer_frame(rows, columns=[v.value for v in answer.variables]), "
            "or make the frame of the answer itself, which keeps every row",
        )
    names = [str(getattr(name, "value", name)) for name in columns or ()]
    table = [[_value(row[name]) for name in names] for row in rows]
    return _typed(pd.DataFrame(table, columns=names, dtype=object))


def _triples(triples: Iterable[ox.Triple]) -> pd.DataFrame:
    pd = _pandas()
    rows = [[_value(t.subject), _value(t.predicate), _value(t.object)] for t in triples]
    return _typed(pd.DataFrame(rows, columns=["subject", "predicate", "object"], dtype=object))


def _references(held: list) -> list[int]:
    """How many references each object of ``held`` has (one shape of code throughout, so
    that the count of an object ``held`` alone keeps is the same each time)."""
    return [sys.getrefcount(item) for item in held]


def _references_in_call(answer: object) -> int:
    """How many references ``answer`` has, asked from the function it was passed to."""
    return sys.getrefcount(answer)


def _passed(answer: object) -> int:
    return _references_in_call(answer)  # as answer_frame asks it


#: The answers :func:`answer_frame` has read that the caller kept, while anything else keeps
#: them (each can be read once; pyoxigraph's answers take no weak reference); how many
#: references an answer this list alone keeps has; and how many one passed as it came
#: (``kg.answer_frame(kg.query(…))``) has in the call. That one, which cannot come again, is
#: not kept, nor is the store it holds open (a Windows user could not rebuild it).
_READ: list = []
_ALONE = _references([object()])[0]
_PASSED_ALONE = _passed(object())


def _read_before(answer: object) -> bool:
    """Whether :func:`answer_frame` has read ``answer`` (and the caller kept it since). The
    answers nothing else keeps any longer are forgotten."""
    _READ[:] = [
        item for item, count in zip(_READ, _references(_READ), strict=True) if count > _ALONE
    ]
    return any(item is answer for item in _READ)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Each column without a gap in the type of its values; one with an unbound variable
    keeps Python values and None (pandas would make its numbers floats and the gaps NaN)."""
    import pandas as pd

    for name in frame.columns:
        if not frame[name].isna().any():
            frame[name] = pd.Series(frame[name].tolist(), index=frame.index, name=name)
    return frame


_NUMBERS = {
    **dict.fromkeys(WHOLE_NUMBERS, int),
    **{f"{XSD}{name}": float for name in ("decimal", "double", "float")},
}


def _value(term: Any) -> object:
    """A term as a Python value (see :func:`answer_frame`)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _NUMBERS:
                return _NUMBERS[datatype](term.value)
            if datatype == f"{XSD}boolean":
                return term.value in ("true", "1")
        except ValueError:  # an ill-typed literal ("x"^^xsd:integer) stays text
            return term.value
    return term.value


def _joined(values: list) -> str:
    return "; ".join(str(v) for v in values)


def columns(name: str) -> list[str]:
    """The columns of table ``name``: the DataFrame's and the analysis commands' CSV."""
    return {
        "gaps": gap_columns(),
        "partners": ["committee", "committee_label", "partner", "label", "label_en", "group",
                     "collaborations", "collaboration_iris", "documents", "pages"],
        "centrality": ["iri", "label", "label_en", "type", "sector", "degree", "weighted_degree",
                       "betweenness", "eigenvector", "closeness", "municipality"],
        "brokers": ["iri", "label", "label_en", "type", "sector", "partners", "sectors_spanned",
                    "partner_sectors", "cross_sector_pairs", "effective_size", "constraint",
                    "partner_collaborations", "main_collaboration", "main_collaboration_label",
                    "main_collaboration_label_en", "main_collaboration_partners",
                    "main_collaboration_groups", "main_collaboration_parts", "municipality"],
        "communities": ["community", "size", "iri", "label", "label_en", "sector",
                        "municipality"],
        "sector_holes": ["group_a", "group_b", "links", "status", "bridge"],
        "suggestions": ["committee", "committee_label", *SUGGESTION_COLUMNS],
        "nodes": ["iri", "label", "label_en", "type", "sector", "municipal", "community",
                  "degree", "weighted_degree", "betweenness", "eigenvector", "closeness",
                  "municipality"],
        "edges": ["source", "target", "weight", "collaborations"],
    }[name]  # fmt: skip


def member_rows(communities: list[dict]) -> list[dict]:
    """A member of a community per row, with the community's number and size."""
    return [
        {"community": c["community"], "size": c["size"], **m}
        for c in communities
        for m in c["members"]
    ]


def _rows(analysis: Analysis, gaps: list[dict]) -> dict[str, list[dict]]:
    facts, network = analysis.facts, analysis.network
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    rows["gaps"] = flat_gaps(gaps)
    for row in gaps:
        for p in row["partner_list"]:
            rows["partners"].append(
                {
                    "committee": row["committee"],
                    "committee_label": row["label"],
                    "partner": p["iri"],
                    "label": p["label"],
                    "label_en": p["label_en"],
                    "group": p["category"],
                    "collaborations": _joined(c["label"] for c in p["collaborations"]),
                    "collaboration_iris": _joined(c["iri"] for c in p["collaborations"]),
                    "documents": _joined(sorted({e["document"] for e in p["evidence"]})),
                    "pages": _joined(sorted({e["page"] for e in p["evidence"] if e["page"]})),
                }
            )
    rows["centrality"] = analysis.centrality.rows
    rows["brokers"] = [
        {
            **b,
            "partner_sectors": _joined(b["partner_sectors"]),
            **flat_lists(b),
        }
        for b in analysis.brokers
    ]
    rows["communities"] = member_rows(analysis.communities)
    rows["sector_holes"] = [
        {
            "group_a": h["sectors"][0],
            "group_b": h["sectors"][1],
            "links": h["links"],
            "status": h["status"],
            "bridge": _joined(b["label"] for b in h["bridge"]),
        }
        for h in analysis.sector_holes
    ]
    index = suggesting.build_index(facts)
    for row in gaps:
        if not row["missing_sectors"]:
            continue
        found = suggesting.suggest(facts, network, row["committee"], index=index)
        committee = {"committee": row["committee"], "committee_label": row["label"]}
        rows["suggestions"] += [{**committee, **r} for r in suggestion_rows(found)]
    rows["nodes"] = [{"iri": node, **data} for node, data in network.nodes(data=True)]
    for a, b, data in network.edges(data=True):
        rows["edges"].append(
            {
                "source": a,
                "target": b,
                **data,
                "collaborations": _joined(data.get("collaborations", [])),
            }
        )
    return rows
