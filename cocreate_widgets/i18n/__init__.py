"""Message catalogues: ``i18n/<lang>.json`` flat maps of ``"key": "text"``, and ``t()``.

A third language is added by dropping ``<lang>.json`` next to ``nl.json``; keys it lacks fall
back to Dutch, then English. Catalogues are read once and cached. They are JSON (not YAML)
because every participant kernel reads them: the standard library's parser costs no memory.

``STRICT`` decides what an unknown key (or a missing placeholder value) does: raise in tests,
degrade gracefully in production. It is on when pytest is running, or when the environment
variable ``COCREATE_I18N_STRICT`` is ``1``; ``0`` turns it off.
"""

from __future__ import annotations

import json
import os
import re
import string
import sys
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("nl", "en")
"""The languages every catalogue key must exist in, in fallback order."""

CATALOGUE_DIR_ENV = "COCREATE_I18N_DIR"
STRICT: bool = os.environ.get(
    "COCREATE_I18N_STRICT", "1" if "pytest" in sys.modules else "0"
).strip() in ("1", "true", "yes")

_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_override_dir: Path | None = None


def catalogue_dir() -> Path:
    """The folder of the catalogues: set by :func:`use_catalogue_dir`, env, or this package."""
    if _override_dir is not None:
        return _override_dir
    configured = os.environ.get(CATALOGUE_DIR_ENV)
    return Path(configured) if configured else Path(__file__).resolve().parent


def use_catalogue_dir(path: Path | str | None) -> None:
    """Read catalogues from ``path`` from now on (``None``: the default); clears the cache."""
    global _override_dir
    _override_dir = Path(path) if path is not None else None
    clear_cache()


def clear_cache() -> None:
    """Forget the loaded catalogues (they are read again on next use)."""
    _load.cache_clear()
    _languages.cache_clear()


@cache
def _languages(folder: Path) -> tuple[str, ...]:
    found = sorted(p.stem for p in folder.glob("*.json") if _LANG_RE.match(p.stem))
    return tuple(lang for lang in LANGUAGES if lang in found) + tuple(
        lang for lang in found if lang not in LANGUAGES
    )


def available_languages() -> tuple[str, ...]:
    """Languages with a catalogue: ``nl`` and ``en`` first, then the others sorted."""
    return _languages(catalogue_dir())


@cache
def _load(folder: Path, lang: str) -> dict[str, str]:
    path = folder / f"{lang}.json"
    if not _LANG_RE.match(lang) or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except json.JSONDecodeError as error:
        raise ValueError(f"{path.name}:{error.lineno}: {error.msg}") from None
    if not isinstance(data, dict):
        raise ValueError(f'{path.name}: must be a flat map of "key": "text"')
    for key, text in data.items():
        if not isinstance(text, str):
            raise ValueError(f'{path.name}: {key!r}: must be text in quotes, like "Ja"')
    return data


def catalogue(lang: str) -> dict[str, str]:
    """The catalogue of one language as read from its file (empty if there is none)."""
    return dict(_load(catalogue_dir(), lang))


def _lookup(key: str, lang: str) -> str | None:
    folder = catalogue_dir()
    for candidate in dict.fromkeys((lang, *LANGUAGES)):
        text = _load(folder, candidate).get(key)
        if text is not None:
            return text
    return None


class _KeepMissing(dict):
    """Leave ``{name}`` in place when no value is given (production mode)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def t(key: str, lang: str, **kwargs: object) -> str:
    """Translate ``key`` into ``lang`` and fill its ``{placeholders}`` from ``kwargs``.

    A key missing in ``lang`` falls back to Dutch, then English. An unknown key raises
    ``KeyError`` when ``STRICT`` is on, else the key itself is returned.
    """
    text = _lookup(key, lang)
    if text is None:
        if STRICT:
            raise KeyError(f"unknown message key {key!r}")
        return key
    if STRICT:
        return text.format(**kwargs)
    try:
        return text.format_map(_KeepMissing(kwargs))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text


def has_key(key: str) -> bool:
    """Whether ``key`` exists in any of the base catalogues."""
    return _lookup(key, LANGUAGES[0]) is not None


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in a catalogue text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def all_keys() -> list[str]:
    """Every key of the base catalogues (``nl`` and ``en``), sorted."""
    folder = catalogue_dir()
    keys: set[str] = set()
    for lang in LANGUAGES:
        keys.update(_load(folder, lang))
    return sorted(keys)


def missing_keys(lang: str) -> list[str]:
    """Keys of the base catalogues that ``lang``'s own catalogue lacks, sorted."""
    own = _load(catalogue_dir(), lang)
    return [key for key in all_keys() if key not in own]


__all__ = [
    "LANGUAGES",
    "STRICT",
    "all_keys",
    "available_languages",
    "catalogue",
    "catalogue_dir",
    "clear_cache",
    "has_key",
    "missing_keys",
    "placeholders",
    "t",
    "use_catalogue_dir",
]
