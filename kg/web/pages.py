"""The web parts as package files: Jinja templates (``templates/``), static assets (``static/``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

_HERE = Path(__file__).parent


@cache
def environment(folder: Path) -> jinja2.Environment:
    """The Jinja environment kg renders its pages with: templates in ``folder``, every value
    escaped, a missing one an error."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with ``context``; text is HTML-escaped unless marked
    ``| safe`` in the template (the inlined scripts, styles and :func:`script_json`)."""
    return environment(_HERE / "templates").get_template(template).render(**context)


@cache
def static(name: str) -> str:
    """The text of ``static/<name>``."""
    return (_HERE / "static" / name).read_text(encoding="utf-8")


def script_json(data: object) -> str:
    """JSON that cannot end its <script> element or open a comment inside it.

    >>> script_json({"a": "</script><!--"})
    '{"a":"<\\\\/script><\\\\u0021--"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
