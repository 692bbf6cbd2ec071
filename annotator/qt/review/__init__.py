"""Review mode of the window: adjudicate the annotators' work into gold, and the agreement dashboard."""

from annotator.qt.review.mode import ReviewMode, install_review_mode

__all__ = ["ReviewMode", "install_review_mode"]
