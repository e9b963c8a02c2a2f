"""vis-network, the map's renderer, as shipped with pyvis: read once, checked safe to inline."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from kg.errors import KgError

VIS_VERSION = "vis-9.1.2"


@cache
def vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet bundled with pyvis, checked safe to inline."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "templates" / "lib" / VIS_VERSION
    try:
        script = (folder / "vis-network.min.js").read_text("utf-8")
        style = (folder / "vis-network.css").read_text("utf-8")
    except OSError as error:
        raise KgError(
            f"cannot read vis-network from pyvis: {error}",
            path=folder,
            hint="reinstall pyvis (pip install --force-reinstall 'pyvis>=0.3.2')",
        ) from error
    script = re.sub(r"//# sourceMappingURL=\S*\s*$", "", script)
    style = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", style)
    if re.search(r"</script|<!--", script, re.I) or re.search(r"</style", style, re.I):
        raise KgError("the bundled vis-network cannot be inlined safely", path=folder)
    return script, style
