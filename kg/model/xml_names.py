"""Which properties RDF/XML can write. RDF/XML writes a property as an XML element: its IRI's
end (after the last ``/`` or ``#``) is the element's name and must start with a letter or
``_``. Oxigraph writes any other as a broken element (``<oxprefix:>``) that no XML reader
reads, so kg refuses such a graph in RDF/XML and names the property."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.errors import KgError

#: The end of a property's IRI RDF/XML writes as an element's local name: a letter or _, then
#: letters, digits, ., - or _.
_XML_NAME_END = re.compile(r"[^\W\d][\w.\-\u00b7]*$")


class NotInRdfXml(KgError):
    """A graph RDF/XML cannot write: a property whose IRI ends in no XML name."""


def check_rdf_xml(predicates: Iterable[str], hint: str) -> None:
    """Refuse (:class:`NotInRdfXml`, with ``hint``) the first of ``predicates`` (IRIs, in
    sorted order) RDF/XML cannot write.

    >>> check_rdf_xml(["http://www.w3.org/2000/01/rdf-schema#label"], "")
    >>> try:
    ...     check_rdf_xml(["http://example.org/1"], "write Turtle")
    ... except NotInRdfXml as error:
    ...     print(error.message.split(": ")[0], error.hint)
    RDF/XML cannot write the property <http://example.org/1> write Turtle
    """
    for iri in sorted(set(predicates)):
        if not _XML_NAME_END.search(iri):
            raise NotInRdfXml(
                f"RDF/XML cannot write the property <{iri}>: an XML element "
                "name is its end, and it ends in no letter or _ (a digit, / or #)",
                hint=hint,
            )
