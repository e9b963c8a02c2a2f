"""Which properties RDF/XML can write. RDF/XML writes a property as an XML element: the
longest end of its IRI that is an XML name (a name start character such as a letter or
``_``, then name characters) is the element's name. Oxigraph writes a property whose IRI
ends in no name (in a digit, ``/``, ``#``, ``)`` or ``²``) as a broken element
(``<oxprefix:>``) that no XML reader reads, so kg refuses such a graph in RDF/XML and names
the property."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.errors import KgError

#: XML 1.0 (fifth edition) NameStartChar and NameChar, without ":" (a namespace's separator):
#: the characters Oxigraph writes in an element's local name. Python's ``\w`` is not this
#: set: it holds "²", "ª", "½" (no name character) and lacks a combining accent (one).
_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_CHAR = _START + "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
#: The end of a property's IRI RDF/XML writes as an element's local name: a name start
#: character, then name characters (Oxigraph takes the longest such end as the local name).
_XML_NAME_END = re.compile(f"[{_START}][{_CHAR}]*$")


def _xml_name(iri: str) -> bool:
    """Whether ``iri`` ends in an element name Oxigraph writes that an XML 1.0 reader of the
    fourth edition's names (expat: Python's, so rdflib's) reads too: "a˂" is a name of the
    fifth edition only."""
    from xml.parsers import expat

    found = _XML_NAME_END.search(iri)
    if found is None:
        return False
    try:
        expat.ParserCreate().Parse(f"<{found.group()}/>", True)
    except expat.ExpatError:
        return False
    return True


class NotInRdfXml(KgError):
    """An answer or an export XML cannot hold: a property whose IRI ends in no XML name, or
    a character no XML 1.0 document holds."""


#: A character XML 1.0 holds in no form (the C0 controls but tab, newline and return;
#: U+FFFE and U+FFFF), as the bytes of UTF-8: a serialiser writes it as it is.
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def check_xml_text(body: bytes, hint: str, *, exported: bool = False) -> None:
    """Refuse (:class:`NotInRdfXml`, with ``hint``) XML written with a character XML cannot
    hold, naming it, the text around it and what holds it: a query's answer, or the graph
    ``kg export`` writes where ``exported``.

    >>> check_xml_text(b"<a>tab\\there</a>", "")
    >>> try:
    ...     check_xml_text(b"<p>a\\x01b</p>", "write Turtle")
    ... except NotInRdfXml as error:
    ...     print(error.message)
    XML cannot hold the character U+0001 of a value in the answer ('<p>a\\x01b</p>')
    >>> try:
    ...     check_xml_text(b"<p>a\\x01b</p>", "write Turtle", exported=True)
    ... except NotInRdfXml as error:
    ...     print(error.message.split(" (")[0])
    XML cannot hold the character U+0001 of a value in the exported graph
    """
    found = _NOT_XML.search(body)
    if found is None:
        return
    code = f"{ord(found.group().decode('utf-8')):04X}"
    around = repr(body[max(0, found.start() - 30) : found.end() + 30].decode("utf-8", "replace"))
    if exported:
        said = f"XML cannot hold the character U+{code} of a value in the exported graph ({around})"
    else:
        said = f"XML cannot hold the character U+{code} of a value in the answer ({around})"
    raise NotInRdfXml(said, hint=hint)


def returns_kept(body: bytes) -> bytes:
    """``body``, XML Oxigraph wrote, with each carriage return written as ``&#13;``: written as
    it is, an XML reader reads a return and a newline as one newline, and a return alone as a
    newline (XML's end-of-line handling), so a value would lose it.

    >>> returns_kept(b"<p>a\\r\\nb</p>")
    b'<p>a&#13;\\nb</p>'
    """
    return body.replace(b"\r", b"&#13;")


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
        if not _xml_name(iri):
            raise NotInRdfXml(
                f"RDF/XML cannot write the property <{iri}>: an XML element "
                "name is its end, and it ends in no XML name (in a digit, /, #, or a character "
                "such as ) or ² that no XML name holds)",
                hint=hint,
            )
