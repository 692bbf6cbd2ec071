"""Readers and writers of files: plain text/JSONL, spaCy DocBin and the interchange formats."""
