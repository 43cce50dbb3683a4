"""Masking stories: names, e-mail addresses, phone numbers, postcodes and street addresses are
replaced, and every replacement is listed; a text with nothing to mask stays as it was."""

from __future__ import annotations

import pytest

from cocreate_widgets.stories.masking import mask_text, remaining_kinds

ROSTER = ["Anneke", "Dr. Jansen"]

# (text, what must be gone, kinds that must be listed)
EXAMPLES = [
    (
        "Mevrouw Jansen van der Berg woont op de Kerkstraat 12.",
        ["Jansen van der Berg", "Kerkstraat 12"],
        {"name", "address"},
    ),
    ("Ik sprak met Piet van 't Hof bij de huisarts.", ["Piet van 't Hof"], {"name"}),
    ("Dokter De Vries stuurde me door.", ["De Vries"], {"name"}),
    ("Bel me op 06-12345678 als er iets is.", ["06-12345678"], {"phone"}),
    ("Mijn nummer is +31 6 12345678.", ["+31 6 12345678"], {"phone"}),
    ("Het wijkteam: 0512-123456.", ["0512-123456"], {"phone"}),
    ("Het wijkteam: (0512) 12 34 56.", ["(0512) 12 34 56"], {"phone"}),
    ("Of +31 (0)6 1234 5678 of 0612345678.", ["+31 (0)6 1234 5678", "0612345678"], {"phone"}),
    ("Ik woon in 9201 AB, vlak bij het station.", ["9201 AB"], {"postcode"}),
    ("Mail naar j.de.vries@voorbeeld.nl voor meer.", ["j.de.vries@voorbeeld.nl"], {"email"}),
    (
        "I met John Smith at 12 Baker Street last week.",
        ["John Smith", "12 Baker Street"],
        {"name", "address"},
    ),
    (
        "Call +44 20 7946 0958 or mail me@example.co.uk.",
        ["+44 20 7946 0958", "me@example.co.uk"],
        {"phone", "email"},
    ),
    ("Anneke zei dat Jansen het niet wist.", ["Anneke", "Jansen"], {"name"}),
]

UNCHANGED = [
    "Ik voelde me lang alleen. Sinds 2019 ga ik naar de inloop en dat helpt.",
    "I was sent from one desk to the next for months; nobody listened.",
    "Op 06-12-2023 had ik 1200 euro schuld en drie brieven.",
    "",
]


@pytest.mark.parametrize(("text", "gone", "kinds"), EXAMPLES)
def test_identifying_parts_are_masked_and_listed(text, gone, kinds):
    """Is every identifying part replaced, and listed with its original and replacement?"""
    masked = mask_text(text, names=ROSTER)
    for part in gone:
        assert part not in masked.text, masked.text
    assert kinds <= {span.kind for span in masked.spans}
    for span in masked.spans:
        assert text[span.start : span.end] == span.original
        assert span.replacement in masked.text
    assert remaining_kinds(masked.text, ROSTER) == []


@pytest.mark.parametrize("text", UNCHANGED)
def test_text_with_nothing_to_mask_stays_unchanged(text):
    """Are dates, amounts and ordinary sentences left alone?"""
    masked = mask_text(text, names=ROSTER)
    assert masked.text == text
    assert masked.spans == ()
    assert not masked.changed


def test_html_in_a_story_stays_text():
    """Is markup typed into a story kept as characters (escaping is the shower's job), with
    only the name masked?"""
    text = "<b>Anneke</b> zei <script>alert('x')</script> niets."
    masked = mask_text(text, names=ROSTER)
    assert masked.text == "<b>[naam]</b> zei <script>alert('x')</script> niets."


def test_replacements_follow_the_language():
    """Are the placeholders English for an English workshop?"""
    masked = mask_text("Call 06-12345678.", lang="en", use_deduce=False)
    assert masked.text == "Call [phone]."


def test_patterns_alone_work_without_deduce():
    """Do the own patterns mask e-mail, phone, postcode, address and roster names alone?"""
    text = "Anneke, Lindelaan 4a, 9203 KL, 06 1234 5678, anneke@voorbeeld.nl"
    masked = mask_text(text, names=ROSTER, use_deduce=False)
    assert masked.text == "[naam], [adres], [postcode], [telefoon], [e-mail]"


def test_remaining_kinds_finds_what_an_edit_brought_back():
    """Does the check of an edited text find a phone number or roster name put back?"""
    assert remaining_kinds("Bel [naam] op 06-12345678", ROSTER) == ["phone"]
    assert remaining_kinds("Jansen hielp me", ROSTER) == ["name"]
    assert remaining_kinds("[naam] hielp me op [adres]", ROSTER) == []


def test_building_deduce_leaves_the_logging_as_it_was():
    """deduce turns on debug logging for everything when imported; does the workbook keep its
    logging quiet (no font-search lines in front of the facilitator)?"""
    import logging

    from cocreate_widgets.stories.masking import deduce_model

    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    deduce_model()
    assert (root.level, list(root.handlers)) == before
    assert not logging.getLogger("matplotlib.font_manager").isEnabledFor(logging.DEBUG)
