"""``cocreate serve``: the participants' and the facilitators' Voila servers."""

from .cli import add_serve_arguments, main_serve, options_from_args
from .config import ServeOptions

__all__ = ["ServeOptions", "add_serve_arguments", "main_serve", "options_from_args"]
