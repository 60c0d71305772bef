"""Reading a project's inputs: the source pages (checked against their manifest), the registers in
data/reference/ and the curated YAML files (schema-checked), each problem with its file, line and field."""
