"""The ontology: every term labelled in Swedish and English and defined; the closed namespace."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.model.namespace import KG, ONTOLOGY_IRI
from kg.paths import ontology_dir


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl")


def _declared_terms(ontology: Graph) -> set[URIRef]:
    return {
        s
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)
    }


def test_every_namespace_term_is_declared_in_the_ontology(ontology):
    declared = _declared_terms(ontology)
    names = [name for name in KG.__annotations__ if not name.startswith("_")]
    missing = [name for name in names if KG[name] not in declared]
    assert not missing


def test_every_declared_term_is_in_the_closed_namespace(ontology):
    names = {str(term)[len(ONTOLOGY_IRI) :] for term in _declared_terms(ontology)}
    for name in names:
        assert KG[name]  # raises AttributeError if the namespace lacks it


def test_closed_namespace_fails_on_typos():
    with pytest.raises(AttributeError):
        _ = KG.Comittee


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_classes_and_properties_have_labels_and_definitions(ontology, kind):
    for term in ontology.subjects(RDF.type, kind):
        langs = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"sv", "en"} <= langs, f"{term} needs rdfs:label in sv and en"
        definitions = sorted(d.language for d in ontology.objects(term, SKOS.definition))
        assert definitions == ["en", "sv"], f"{term} needs a skos:definition in en and in sv"


def test_every_definition_and_concept_speaks_both_languages(ontology):
    """Each skos:definition has its twin in the other language, and every concept (and
    scheme) has rdfs:labels beside its skos:prefLabels, as tools such as Protégé show them."""
    for term in set(ontology.subjects(SKOS.definition, None)):
        langs = sorted(d.language for d in ontology.objects(term, SKOS.definition))
        assert langs == ["en", "sv"], term
    for term in set(ontology.subjects(SKOS.prefLabel, None)):
        labels = {(x.language, str(x)) for x in ontology.objects(term, RDFS.label)}
        assert labels == {(x.language, str(x)) for x in ontology.objects(term, SKOS.prefLabel)}


def test_the_ontology_has_the_packages_version(ontology):
    import kg

    (version,) = ontology.objects(URIRef(ONTOLOGY_IRI.rstrip("#")), OWL.versionInfo)
    assert str(version) == kg.__version__


def test_actor_types_reuse_standard_vocabularies(ontology):
    org = "http://www.w3.org/ns/org#"
    for cls in ontology.subjects(RDFS.subClassOf, KG.Actor):
        parents = {str(p) for p in ontology.transitive_objects(cls, RDFS.subClassOf)}
        assert f"{org}Organization" in parents
    assert (
        KG.Collaboration,
        RDFS.subClassOf,
        URIRef(f"{org}OrganizationalCollaboration"),
    ) in ontology


def test_public_api_names_resolve_lazily():
    import kg

    assert set(kg.__all__) == {"DataLoadError", "KgError", "KgWarning", "__version__", *kg._LAZY}
    for name in kg.__all__:
        assert getattr(kg, name) is not None
    with pytest.raises(AttributeError):
        _ = kg.no_such_name


def test_public_functions_are_not_shadowed_by_submodules():
    import importlib

    import kg

    for name in ("analysis", "io", "model", "report", "sparql", "validation", "web"):
        importlib.import_module(f"kg.{name}")
    assert callable(kg.stats) and callable(kg.load) and callable(kg.validate)
    assert callable(kg.label) and callable(kg.export_rdf)


def _ontology_table():
    import importlib.util
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "ontology_table.py"
    spec = importlib.util.spec_from_file_location("ontology_table", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    return module


@pytest.mark.slow
def test_the_term_table_in_docs_is_in_step_with_the_ontology():
    """docs/ontology.md is what scripts/ontology_table.py writes from ontology/kg.ttl: change
    a term and the page must be written again."""
    table = _ontology_table()
    page = table.PAGE.read_text(encoding="utf-8") if table.PAGE.exists() else ""
    assert page == table.render(), "docs/ontology.md is out of step: run scripts/ontology_table.py"


def test_the_term_table_names_every_term_the_version_and_the_licence(ontology):
    import kg

    table = _ontology_table()
    page = table.render(ontology)
    for term in _declared_terms(ontology):
        assert f"`{table.short(term)}`" in page, term
    assert f"**Version**: {kg.__version__}" in page
    assert "creativecommons.org/licenses/by/4.0/" in page


def test_the_version_iri_names_the_packages_version(ontology):
    import kg

    (version_iri,) = ontology.objects(URIRef(ONTOLOGY_IRI.rstrip("#")), OWL.versionIRI)
    assert str(version_iri) == f"{ONTOLOGY_IRI.rstrip('#')}/{kg.__version__}"
