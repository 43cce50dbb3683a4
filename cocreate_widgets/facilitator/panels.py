"""The shared shape of a console panel: a workshop, a language, a message line, refresh()."""

from __future__ import annotations

import ipywidgets as widgets

from ..i18n import t
from ..safety import notice_html, safe_callback
from ..store import Store, StoreError


def tidy(widget: widgets.Widget) -> widgets.Widget:
    """Give every labelled control room for its label, and choices room for their text."""
    children = getattr(widget, "children", ())
    for child in children:
        tidy(child)
    if isinstance(widget, widgets.Checkbox):
        widget.indent = False
        widget.style.description_width = "initial"
        widget.layout.width = "auto"
    elif isinstance(widget, widgets.Dropdown | widgets.SelectMultiple | widgets.Text):
        widget.style.description_width = "initial"
        widget.layout.min_width = "22em"
    elif isinstance(widget, widgets.Button):
        widget.layout.width = "auto"
        widget.layout.min_width = "9em"
    elif isinstance(widget, widgets.BoundedIntText | widgets.Textarea):
        widget.style.description_width = "initial"
    return widget


class Panel:
    """Base of every console panel. Subclasses build ``self.widget`` and ``refresh()``."""

    def __init__(self, store: Store, lang: str) -> None:
        self.store = store
        self.lang = lang
        self.workshop_id: int | None = None
        self.message = widgets.HTML()
        self.guard = safe_callback(self._on_error)

    def _on_error(self, error: BaseException) -> None:
        key = "console.store_error" if isinstance(error, StoreError) else "form.unexpected"
        self.say(key, "error")

    def say(self, key: str, kind: str = "info", **kwargs: object) -> None:
        """Show a message of this panel, in the console's language."""
        self.message.value = notice_html(t(key, self.lang, **kwargs), kind)

    def button(self, key: str, action, style: str = "") -> widgets.Button:
        """A button labelled from the catalogue whose click is guarded."""
        button = widgets.Button(description=t(key, self.lang), button_style=style)
        button.on_click(self.guard(lambda _b: action()))
        return button

    def choose_first(self, dropdown: widgets.Dropdown) -> None:
        """Select the first option when nothing is selected (ipywidgets leaves it empty)."""
        if dropdown.value is None and dropdown.options:
            dropdown.value = dropdown.options[0][1]

    def show_workshop(self, workshop_id: int | None) -> None:
        """Switch the panel to another workshop."""
        self.workshop_id = workshop_id
        self.message.value = ""
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the store (only what changed)."""
