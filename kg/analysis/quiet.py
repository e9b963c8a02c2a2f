"""matplotlib imported without its warnings about its own folder, for every command that uses
it: the report's charts, and igraph (a large network's analyses and map layout), which
imports matplotlib's pyplot."""

from __future__ import annotations

import logging
import sys
import threading

#: How matplotlib's warnings about its folder start (``mkdir -p failed …`` and the two that
#: follow): its folder for settings and the font cache (``MPLCONFIGDIR``, else
#: ``~/.config/matplotlib``) cannot be written, so it uses a temporary one.
_UNWRITABLE = (
    "mkdir -p failed for path ",
    "%s is not a writable directory",
    "Matplotlib created a temporary cache directory at ",
)
_IMPORTING = threading.Lock()


def _not_about_its_own_folder(record: logging.LogRecord) -> bool:
    """Whether ``record`` is not one of matplotlib's warnings about its folder: on a machine
    whose home is read-only or missing that is how it should work (the charts and layouts are
    the same), not two long lines on stderr at every command."""
    return not str(record.msg).startswith(_UNWRITABLE)


def matplotlib_imported() -> None:
    """Import matplotlib (and its font list) without its warnings about its own folder: it
    looks for it when imported. The filter holds for that import alone, so a program's own
    use of matplotlib is told as matplotlib tells it.

    >>> matplotlib_imported()
    >>> "matplotlib.font_manager" in sys.modules
    True
    """
    if "matplotlib.font_manager" in sys.modules:
        return
    with _IMPORTING:
        logger = logging.getLogger("matplotlib")
        logger.addFilter(_not_about_its_own_folder)
        try:
            import matplotlib.font_manager  # noqa: F401 - its cache folder is looked for here
        finally:
            logger.removeFilter(_not_about_its_own_folder)
