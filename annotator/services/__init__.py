"""Use cases. The only layer that opens database sessions; returns core dataclasses."""
