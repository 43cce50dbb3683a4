"""Forms: a run's question set as widgets, with drafts, checks and submission."""

from .fields import make_field, widget_value
from .form import ExerciseForm

__all__ = ["ExerciseForm", "make_field", "widget_value"]
