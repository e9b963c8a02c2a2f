"""A store's record that its data was found valid: by which validation code, shapes and sources."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.io.store import read_manifest, write_manifest
from kg.paths import shapes_file, sources_dir


def validator_fingerprint(sources: Path | None = None) -> str:
    """What a validation result depends on besides the data: kg's version, the validation
    code itself, the shapes and the source texts (names, sizes and contents' digests).

    A store validated by other code, shapes or sources is checked again.
    """
    from kg import __version__

    digest = hashlib.sha256(__version__.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + module.read_bytes())
    digest.update(shapes_file().read_bytes())
    for text in sorted((sources or sources_dir()).glob("*.txt")):
        digest.update(text.name.encode() + hashlib.sha256(text.read_bytes()).digest())
    return digest.hexdigest()


def is_validated(directory: Path, sources: Path | None = None) -> bool:
    """True when the store in ``directory`` was found valid by this validator."""
    recorded = read_manifest(Path(directory))
    return recorded is not None and recorded.get("validated") == validator_fingerprint(sources)


def mark_validated(directory: Path, sources: Path | None = None) -> None:
    """Record in the store's manifest that its data conforms (see :func:`is_validated`)."""
    recorded = read_manifest(Path(directory))
    if recorded is not None:
        recorded["validated"] = validator_fingerprint(sources)
        write_manifest(Path(directory), recorded)
