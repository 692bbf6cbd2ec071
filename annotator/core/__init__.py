"""The domain: plain Python, no Qt, no SQLAlchemy, no spaCy."""
