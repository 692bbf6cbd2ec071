"""Dock and bar widgets of the labeling window."""
