"""The web: the offline network map, and the SPARQL endpoint with its query page."""
