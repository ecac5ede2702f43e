"""From the article model to metadata: identifiers, JSON-LD, the RDF graph."""
