"""aeno-kg: a linked-data knowledge graph of Dutch municipalities' learning-and-change work.

Data flows one way: sources (kg.inputs) -> records (kg.extract, kg.curation) -> RDF graph (kg.convert)
-> validation (kg.validate) -> dumps and store (kg.serialise, kg.dumps, kg.store; kg.build writes them
through kg.staging) -> queries (kg.query) -> HTTP (kg.server).
"""
