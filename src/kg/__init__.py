"""kg: a knowledge graph of actors, places, events and claims built from security notes.

The API mirrors the commands: :func:`kg.build.build`, :func:`kg.validation.validate`,
:func:`kg.queries.run_saved`, :func:`kg.export.export`, :func:`kg.coverage.coverage`.
"""

__version__ = "0.1.0"
