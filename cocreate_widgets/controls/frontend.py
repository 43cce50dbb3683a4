"""Our widgets speak anywidget's front-end protocol without importing anywidget in the kernel.

anywidget's browser side (installed with the package) shows any widget whose model says
``AnyModel`` from ``anywidget`` and carries its ES module in ``_esm``. Importing anywidget's
Python side costs a participant kernel several megabytes (psygnal and friends) for nothing
we use, so this small base class speaks the protocol itself. A test checks it against
anywidget's own class.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import ipywidgets
import traitlets as t


def anywidget_semver() -> str:
    """The front-end version range anywidget's Python side would announce."""
    try:
        installed = version("anywidget")
    except PackageNotFoundError:
        return "*"
    major, minor, rest = (installed.split(".", 2) + ["0", "0"])[:3]
    if "a" in rest or "b" in rest:
        return installed
    return f"~{major}.{minor}.*"


ANYWIDGET_VERSION = anywidget_semver()


class FrontEndModule(ipywidgets.DOMWidget):
    """A widget drawn by the ES module in the class attribute ``_esm`` (and styled by ``_css``).

    Subclasses set ``_esm`` and ``_css`` to source text; each becomes a synced trait.
    """

    _model_name = t.Unicode("AnyModel").tag(sync=True)
    _model_module = t.Unicode("anywidget").tag(sync=True)
    _model_module_version = t.Unicode(ANYWIDGET_VERSION).tag(sync=True)
    _view_name = t.Unicode("AnyView").tag(sync=True)
    _view_module = t.Unicode("anywidget").tag(sync=True)
    _view_module_version = t.Unicode(ANYWIDGET_VERSION).tag(sync=True)
    _anywidget_id = t.Unicode("").tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for key in ("_esm", "_css"):
            source = cls.__dict__.get(key)
            if isinstance(source, str):
                trait = t.Unicode(source).tag(sync=True)
                setattr(cls, key, trait)
                trait.class_init(cls, key)

    @classmethod
    def esm_source(cls) -> str:
        """The ES module this class draws with."""
        return cls.class_traits()["_esm"].default_value

    @classmethod
    def css_source(cls) -> str:
        """The stylesheet this class ships ("" if none)."""
        trait = cls.class_traits().get("_css")
        return trait.default_value if trait is not None else ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._anywidget_id = f"{type(self).__module__}.{type(self).__name__}"

    def __repr__(self) -> str:
        return object.__repr__(self)  # the ES module source would fill a screen
