"""kg: a knowledge graph of actors, places, events and claims built from security notes."""
