"""Headless Chromium for the map's browser checks: tests, the screenshot, the map benchmark.

Needs Debian's ``chromium`` and ``chromium-driver`` and selenium (the ``test`` extra); kg
itself never starts a browser.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urldefrag

#: Flags for a quiet, offline headless browser (no GPU, no background requests, no sandbox,
#: which containers do not allow).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
#: A desktop's mouse, which hovers with a fine pointer: headless Chromium has none, and matches
#: ``(hover: none)`` without it.
MOUSE = (
    "--blink-settings=primaryHoverType=2,availableHoverTypes=2,"
    "primaryPointerType=4,availablePointerTypes=4"
)
MISSING = "needs Chromium and chromedriver (apt-get install chromium chromium-driver)"


def binaries() -> tuple[str | None, str | None]:
    """The paths of chromium and chromedriver, or None where one is missing."""
    return shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which(
        "chromedriver"
    )


def browser_tests() -> tuple[Any, Any, list]:
    """For a module of browser tests: selenium's ``webdriver`` and ``WebDriverWait`` and its
    ``pytestmark``: slow, and skipped where selenium or Chromium is missing on a developer's
    machine; in CI (``.ci/run`` installs both) a missing one is a failure, never a silent
    skip. Both are imported when a test first uses them, not when the module is collected
    (selenium's webdriver costs each process a sixth of a second)."""
    import pytest

    from helpers import needs

    if importlib.util.find_spec("selenium") is None:
        needs.missing("needs selenium.webdriver (pip install -e '.[test]')")
    chromium, driver = binaries()
    missing = not (chromium and driver) and not os.environ.get("CI")
    marks = [pytest.mark.slow, pytest.mark.skipif(missing, reason=MISSING)]
    return _imported_on_use("selenium.webdriver"), _webdriver_wait, marks


def _imported_on_use(name: str) -> ModuleType:
    """The module ``name``, run on its first attribute read (importlib's LazyLoader)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _webdriver_wait(driver: Any, timeout: float, *args: Any, **kwargs: Any) -> Any:
    """selenium's ``WebDriverWait(driver, timeout, ...)``, imported on the first wait."""
    from selenium.webdriver.support.wait import WebDriverWait

    return WebDriverWait(driver, timeout, *args, **kwargs)


def start(profile: Path, *flags: str, phone: tuple[int, int] | None = None) -> Any:
    """A selenium driver for headless Chromium with a fresh profile in ``profile``; with
    ``phone`` (width, height in CSS pixels) it is a touch screen of that size, twice as dense,
    with no mouse and no hover (Chromium's mobile emulation)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = binaries()
    if not (chromium and driver):
        raise RuntimeError(MISSING)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*FLAGS, *flags, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if phone:
        metrics = {"width": phone[0], "height": phone[1], "pixelRatio": 2, "touch": True}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    return _whole_page_loads(webdriver.Chrome)(service=Service(driver), options=options)


def _whole_page_loads(chrome: type) -> type:
    """selenium's ``Chrome`` whose ``get`` returns once the page it opens is wholly loaded.

    chromedriver's own can return while a page opened again at its own address is still
    being read (the bundled report once showed 14 of its 20 links to the map); so ``get``
    marks the page it leaves and waits for a complete page without the mark. An address that
    differs from the page's own only in its fragment stays in the same page, as in a browser.
    """

    class Chrome(chrome):
        def get(self, url: str) -> None:
            if "#" in url and urldefrag(url)[0] == urldefrag(self.current_url)[0]:
                super().get(url)
                return
            self.execute_script("document.documentElement.dataset.kgLeft = 'yes'")
            super().get(url)
            _webdriver_wait(self, 30).until(
                lambda d: d.execute_script(
                    "return !document.documentElement.dataset.kgLeft"
                    " && document.readyState === 'complete'"
                )
            )

    return Chrome


def open_map(driver: Any, page: Path, *, timeout: float = 30, fragment: str = "") -> dict:
    """Open a ``kg map`` page (at ``#fragment``, if given) and wait until it is drawn and
    still; return its state.

    ``first_drawn_ms`` is when the network was first drawn, in milliseconds from the start
    of navigation (the browser's own clock).
    """
    driver.get(page.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
    script = (
        "return window.kgMap ? {nodes: kgMap.nodes.length, edges: kgMap.edges.length, "
        "stable: kgMap.stable, first_drawn_ms: kgMap.firstDrawn, "
        "legend: document.querySelectorAll('#kg-legend li').length, "
        "images: document.querySelectorAll('img').length} : null"
    )
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = driver.execute_script(script)
        if state and state["stable"] and state["first_drawn_ms"] is not None:
            return state
        time.sleep(0.05)
    raise TimeoutError(f"the map was not drawn and still within {timeout} s: {state}")


def accessibility_tree(
    driver: Any, *, role: str | None = None, selector: str | None = None, timeout: float = 20
) -> list[dict]:
    """The page's accessibility tree as Chromium gives it to a screen reader (the nodes it
    does not ignore). Chromium may build the tree after the page has loaded, the first time a
    browser is asked for it; with ``role`` and ``selector`` the tree is read again until it
    holds a node of ``role`` for each element ``selector`` finds in the page."""
    driver.execute_cdp_cmd("Accessibility.enable", {})
    deadline = time.monotonic() + timeout
    while True:
        nodes = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
        tree = [n for n in nodes if not n.get("ignored")]
        if role is None or selector is None:
            return tree
        found = sum(1 for n in tree if n["role"]["value"] == role)
        wanted = driver.execute_script(f"return document.querySelectorAll({selector!r}).length")
        if found >= wanted or time.monotonic() > deadline:
            return tree
        time.sleep(0.2)
