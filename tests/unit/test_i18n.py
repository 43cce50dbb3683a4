"""Message catalogues: same keys and placeholders in nl and en, fallback, a third language."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from cocreate_widgets import i18n
from cocreate_widgets.i18n import (
    LANGUAGES,
    all_keys,
    available_languages,
    catalogue,
    missing_keys,
    placeholders,
    t,
    use_catalogue_dir,
)

PACKAGE_DIR = Path(i18n.__file__).parent


@pytest.fixture
def third_language(tmp_path):
    """A catalogue folder with copies of nl and en plus a partial German catalogue."""
    for lang in LANGUAGES:
        shutil.copy(PACKAGE_DIR / f"{lang}.json", tmp_path / f"{lang}.json")
    german = {"yes_no.yes": "Ja", "answer.too_few_items": "Bitte mindestens {min} ausfüllen."}
    (tmp_path / "de.json").write_text(json.dumps(german), encoding="utf-8")
    (tmp_path / "README.json").write_text('{"not": "a language"}', encoding="utf-8")
    use_catalogue_dir(tmp_path)
    yield tmp_path
    use_catalogue_dir(None)


def test_nl_and_en_have_the_same_keys():
    assert missing_keys("nl") == []
    assert missing_keys("en") == []
    assert set(catalogue("nl")) == set(catalogue("en"))


@pytest.mark.parametrize("key", sorted(catalogue("nl")))
def test_placeholders_match_between_languages(key):
    assert placeholders(catalogue("nl")[key]) == placeholders(catalogue("en")[key])


def test_catalogue_files_are_flat_and_sorted_by_namespace():
    for lang in LANGUAGES:
        text = (PACKAGE_DIR / f"{lang}.json").read_text(encoding="utf-8")
        keys = re.findall(r'^ "([a-z0-9_.]+)":', text, flags=re.MULTILINE)
        assert keys == sorted(keys), f"{lang}.json is not sorted"
        data = json.loads(text)
        assert list(data) == keys, "one key per line"
        assert all(isinstance(v, str) and v.strip() for v in data.values())
        assert all("." in k for k in data), "every key has a namespace"


def test_translate_with_placeholders():
    assert t("answer.too_long", "en", length=12, limit=10).startswith(
        "Your text is 12 characters long."
    )
    assert t("answer.too_long", "nl", length=12, limit=10).startswith("Je tekst is 12 tekens lang.")


def test_required_keys_exist():
    for key in (
        "agreement.1",
        "agreement.2",
        "agreement.3",
        "agreement.4",
        "agreement.5",
        "yes_no.yes",
        "yes_no.no",
        "allocation.points_left",
        "dot_voting.dots_left",
        "repeating_list.add",
        "repeating_list.remove",
    ):
        assert t(key, "nl", left=1) != t(key, "en", left=1), key
    assert t("agreement.1", "nl") == "Helemaal oneens"
    assert t("agreement.5", "en") == "Strongly agree"
    assert t("allocation.points_left", "en", left=7) == "Points left: 7"


def test_unknown_language_falls_back_to_dutch():
    assert t("yes_no.yes", "fr") == "Ja"


def test_unknown_key_raises_in_strict_mode(monkeypatch):
    monkeypatch.setattr(i18n, "STRICT", True)
    with pytest.raises(KeyError):
        t("no.such_key", "nl")
    with pytest.raises(KeyError):
        t("answer.too_long", "nl", length=3)  # a placeholder value is missing


def test_unknown_key_returns_the_key_in_production(monkeypatch):
    monkeypatch.setattr(i18n, "STRICT", False)
    assert t("no.such_key", "nl") == "no.such_key"
    assert "{limit}" in t("answer.too_long", "en", length=3)


def test_strict_is_on_under_pytest():
    assert i18n.STRICT is True


def test_third_language_is_discovered(third_language):
    assert available_languages() == ("nl", "en", "de")
    assert t("yes_no.yes", "de") == "Ja"
    assert t("answer.too_few_items", "de", min=2) == "Bitte mindestens 2 ausfüllen."
    # a key the German catalogue lacks falls back to Dutch
    assert t("yes_no.no", "de") == "Nee"
    missing = missing_keys("de")
    assert "yes_no.no" in missing and "yes_no.yes" not in missing
    assert len(missing) == len(all_keys()) - 2


def test_english_falls_back_to_dutch_for_a_key_only_dutch_has(tmp_path):
    (tmp_path / "nl.json").write_text('{"x.only_nl": "Alleen Nederlands"}', encoding="utf-8")
    (tmp_path / "en.json").write_text('{"x.other": "Other"}', encoding="utf-8")
    use_catalogue_dir(tmp_path)
    try:
        assert t("x.only_nl", "en") == "Alleen Nederlands"
        assert missing_keys("en") == ["x.only_nl"]
    finally:
        use_catalogue_dir(None)


def test_catalogue_with_a_value_that_is_not_text_is_refused(tmp_path):
    (tmp_path / "nl.json").write_text('{"yes_no.yes": true}', encoding="utf-8")
    use_catalogue_dir(tmp_path)
    try:
        with pytest.raises(ValueError, match="text in quotes"):
            t("yes_no.yes", "nl")
    finally:
        use_catalogue_dir(None)


def test_default_catalogue_dir_is_restored(third_language):
    use_catalogue_dir(None)
    assert available_languages() == ("nl", "en")


def test_pick_falls_back_to_dutch_then_english_then_any():
    from cocreate_widgets.localtext import pick

    assert pick({"nl": "Ja", "en": "Yes"}, "en") == "Yes"
    assert pick({"nl": "Ja", "en": "Yes"}, "de") == "Ja"
    assert pick({"en": "Yes", "de": "Ja!"}, "fr") == "Yes"
    assert pick({"de": "Ja!"}, "nl") == "Ja!"
    assert pick({}, "nl") == ""
