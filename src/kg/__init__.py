"""aeno-kg: a linked-data knowledge graph of Dutch municipalities' learning-and-change work.

Data flows one way, one subpackage a step: read (kg.read: sources, registers, curated files) -> extract
(kg.extract: records) -> convert (kg.convert: the RDF graph) -> validate (kg.validate: SHACL) -> publish
(kg.publish: dumps, store, descriptions, search index; kg.build orders the steps) -> query (kg.query) ->
HTTP (kg.server).
"""
