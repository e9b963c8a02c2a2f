"""Getting data in: files, parsing, the on-disk store, SPARQL endpoints and the data source."""
