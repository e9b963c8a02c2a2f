"""The report: what it says (plain data, report.json), the same as a document in Swedish or
English (Markdown, HTML, charts), DataFrames for notebooks, and network exports."""
