"""SPARQL: the query library, parameters, the read-only checks, running on pyoxigraph, results."""
