"""A record that data was found valid, by which validation code, shapes and sources: in a
store's manifest, or in kg's cache folder for an endpoint that names the graph it answers from
(kg serve's ``Kg-Graph``)."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable
from pathlib import Path

from kg.io import texts
from kg.io.store import read_manifest, write_manifest
from kg.paths import shapes_file


def validator_fingerprint(sources: Iterable[Path] = ()) -> str:
    """What a validation result depends on besides the data: kg's version, kg's code (every
    module of the package: the validator reads terms, files and texts through many of them),
    the shapes and the source texts (each folder searched, in order, with its texts' names
    and contents' digests): ``sources`` and then the bundled texts.

    A store validated by other code, shapes or sources is checked again.
    """
    from kg import __version__

    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent.parent
    for module in sorted(package.rglob("*.py")):
        digest.update(str(module.relative_to(package)).encode() + module.read_bytes())
    digest.update(shapes_file().read_bytes())
    for folder in texts.source_folders(sources):
        digest.update(str(folder.resolve()).encode())
        for text in sorted(folder.glob("*.txt")):
            try:
                read = hashlib.sha256(text.read_bytes()).digest()
            except OSError:  # not readable: the validation says so where a quote needs it
                read = b"not read"
            digest.update(text.name.encode() + read)
    return digest.hexdigest()


def is_validated(directory: Path, sources: Iterable[Path] = ()) -> bool:
    """True when the store in ``directory`` was found valid by this validator, with the source
    texts of ``sources`` (and the bundled ones)."""
    recorded = read_manifest(Path(directory))
    return recorded is not None and recorded.get("validated") == validator_fingerprint(sources)


def mark_validated(directory: Path, sources: Iterable[Path] = ()) -> None:
    """Record in the store's manifest that its data conforms (see :func:`is_validated`).

    A store folder the user cannot write in (another user's, read-only) stays as it is: the
    data is validated again on the next run, as the facts are read again.
    """
    recorded = read_manifest(Path(directory))
    if recorded is not None:
        recorded["validated"] = validator_fingerprint(sources)
        with contextlib.suppress(OSError):
            write_manifest(Path(directory), recorded)


def endpoint_validated(url: str, graph: str, sources: Iterable[Path] = ()) -> bool:
    """True when the graph ``graph`` of the endpoint at ``url`` was found valid by this
    validator, with the source texts of ``sources`` (and the bundled ones)."""
    from kg.io.kept import endpoint_file

    try:
        recorded = endpoint_file(url, ".validated").read_text("utf-8")
    except (OSError, ValueError):
        return False
    return recorded == _endpoint_key(url, graph, sources)


def mark_endpoint_validated(url: str, graph: str, sources: Iterable[Path] = ()) -> None:
    """Record in kg's cache folder that the graph ``graph`` of the endpoint at ``url``
    conforms (see :func:`endpoint_validated`); nothing where the folder cannot be written."""
    from kg.io.kept import endpoint_file, keep_in_cache

    key = _endpoint_key(url, graph, sources).encode("utf-8")
    keep_in_cache(endpoint_file(url, ".validated"), lambda out: out.write(key))


def _endpoint_key(url: str, graph: str, sources: Iterable[Path]) -> str:
    """The record's key: the validator, kg's ontology (the copy is checked with it, where a
    store's record follows its manifest's files), the URL's digest and the graph."""
    from kg.io.kept import url_digest
    from kg.paths import ontology_file

    ontology = hashlib.sha256(ontology_file().read_bytes()).hexdigest()
    return f"{validator_fingerprint(sources)} {ontology} {url_digest(url)} {graph}"
