"""annotator: label Vietnamese news about Vietnam–Korea cooperation and export spaCy training data."""

__version__ = "0.1.0"
