"""The spec language, defined as pydantic models: the one source of schemas/sfspec.schema.json, of
its compiled checker (sfspec/validate/compiled_schema.py) and of the spec model's classes (the
generated end of each sfspec/model module), all written by `python -m sfspec.model.schema`.

No command imports it to read a valid spec: pydantic is imported only to word a value the model's
classes refuse (sfspec.model.build), to build the schema, and by the tests that hold the classes
equal to these definitions.
"""
