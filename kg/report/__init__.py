"""The report: what it says (plain data), Markdown for people, JSON, and network exports."""
