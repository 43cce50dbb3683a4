"""``cocreate translations [--lang xx]``: which texts are missing in a language.

Two kinds of text: the message catalogues (``i18n/<lang>.json``: keys of the Dutch and
English catalogues that ``<lang>.json`` lacks) and the question sets' texts (title, intro,
source, labels, help, options, scale ends, item labels, record kinds: every mapping of
language codes in the YAML, found with its line). How to add a language:
``docs/languages.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..exercises.schema import REQUIRED_LANGUAGES, format_path
from ..i18n import available_languages, catalogue_dir, missing_keys
from .check import exercise_files, readable_field
from .locations import project_exercise_dir, shown

_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Gap:
    """One text missing in one language."""

    file: str
    line: int
    field: str
    lang: str
    what: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.what or f'no {self.lang!r} text'}"


def _is_local_text(node: yaml.Node) -> bool:
    """A mapping whose keys are all language codes, with Dutch or English among them."""
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return False
    keys = [k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)]
    return (
        len(keys) == len(node.value)
        and all(_LANG.match(k) for k in keys)
        and any(k in REQUIRED_LANGUAGES for k in keys)
    )


def _walk(node: yaml.Node, path: tuple, found: list[tuple[tuple, yaml.MappingNode]]) -> None:
    if _is_local_text(node):
        found.append((path, node))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _walk(value, (*path, key.value), found)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), found)


def _lists_language(root: yaml.Node, lang: str) -> bool:
    """Whether the file's ``languages:`` list names ``lang``."""
    if not isinstance(root, yaml.MappingNode):
        return False
    for key, value in root.value:
        if getattr(key, "value", None) == "languages" and isinstance(value, yaml.SequenceNode):
            return any(getattr(item, "value", None) == lang for item in value.value)
    return False


def exercise_gaps(path: Path, lang: str) -> list[Gap]:
    """The texts of one question set that have no ``lang`` version (empty counts as none)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # `cocreate check` reports files that cannot be read
    if root is None:
        return []
    texts: list[tuple[tuple, yaml.MappingNode]] = []
    _walk(root, (), texts)
    gaps = []
    if lang not in REQUIRED_LANGUAGES and texts and not _lists_language(root, lang):
        return [
            Gap(
                shown(path),
                1,
                "languages",
                lang,
                f"'{lang}' is not one of the languages: {len(texts)} texts to translate "
                f"(add {lang} to languages: [nl, en, {lang}], then a {lang}: text beside each en:)",
            )
        ]
    for text_path, node in texts:
        present = {
            k.value
            for k, v in node.value
            if isinstance(v, yaml.ScalarNode) and str(v.value).strip()
        }
        if lang not in present:
            field = readable_field(format_path(text_path), "")
            gaps.append(Gap(shown(path), node.start_mark.line + 1, field, lang))
    return gaps


def catalogue_gaps(lang: str) -> list[Gap]:
    """Catalogue keys of Dutch or English that ``<lang>.json`` lacks."""
    path = catalogue_dir() / f"{lang}.json"
    file = shown(path)
    if not path.is_file():
        what = f"there is no {lang}.json: copy en.json to {path.name} and translate every text"
        return [Gap(file, 0, f"{len(missing_keys(lang))} keys", lang, what)]
    return [Gap(file, 0, f"key '{key}'", lang) for key in missing_keys(lang)]


def translation_gaps(lang: str, exercise_dir: Path | None = None) -> list[Gap]:
    """Every text missing in ``lang``: the catalogue's first, then each question set's."""
    gaps = catalogue_gaps(lang)
    for path in exercise_files(exercise_dir or project_exercise_dir()):
        gaps.extend(exercise_gaps(path, lang))
    return gaps


def languages_to_check(lang: str | None) -> tuple[str, ...]:
    """The language asked for, else Dutch, English and every language with a catalogue."""
    if lang:
        return (lang,)
    return tuple(dict.fromkeys([*REQUIRED_LANGUAGES, *available_languages()]))


def print_translations(lang: str | None, exercise_dir: Path | None = None) -> int:
    """Print the gaps per language; exit code 1 when a text is missing, else 0."""
    if lang is not None and not _LANG.match(lang):
        print(f"cocreate: {lang!r} is not a language code such as 'de'")
        return 2
    missing = 0
    for code in languages_to_check(lang):
        gaps = translation_gaps(code, exercise_dir)
        missing += len(gaps)
        if not gaps:
            print(f"{code}: every text is translated.")
            continue
        print(f"{code}: {len(gaps)} gap(s):")
        for gap in gaps:
            print(f"  {gap}")
    return 1 if missing else 0
