"""Default interface strings for the controls, in Dutch and English.

The form layer normally passes the strings from the i18n catalogues through the ``texts``
trait; these defaults make every control usable (and translated) on its own. Templates use
``{name}`` placeholders that the browser fills in.
"""

from __future__ import annotations

from typing import Any

DEFAULT_LANG = "nl"

DEFAULT_TEXTS: dict[str, dict[str, Any]] = {
    "nl": {
        "required_mark": "(verplicht)",
        "clear_choice": "Keuze wissen",
        "counter": "{count} / {max} tekens",
        "counter_over": "{count} / {max} tekens: {over} te veel",
        "yes": "Ja",
        "no": "Nee",
        "agreement_labels": [
            "Helemaal oneens",
            "Oneens",
            "Niet eens, niet oneens",
            "Eens",
            "Helemaal eens",
        ],
        "move_up": "{option} hoger zetten",
        "move_down": "{option} lager zetten",
        "moved": "{option} staat nu op plaats {n}",
        "position": "Plaats {n}",
        "points_left": "Punten over: {n}",
        "points_over": "{n} punten te veel",
        "points_less": "{step} punten minder voor {option}",
        "points_more": "{step} punten meer voor {option}",
        "dots_left": "Stippen over: {n}",
        "dots_count": "Stippen: {n}",
        "dot_add": "Stip erbij voor {option}",
        "dot_remove": "Stip weghalen bij {option}",
        "item_label": "Onderdeel {n}",
        "add_item": "Nog een toevoegen",
        "remove_item": "{item} verwijderen",
        "remove_short": "Verwijderen",
        "item_added": "{item} toegevoegd",
        "item_removed": "{item} verwijderd",
        "max_items": "U kunt er hoogstens {max} invullen.",
        "choose": "Kies…",
        "reconnecting": "De verbinding wordt hersteld…",
        "reload": "De verbinding is verbroken. Laad de pagina opnieuw.",
        "reload_button": "Pagina opnieuw laden",
        "time_left": "Nog",
        "time_up": "De tijd is om",
    },
    "en": {
        "required_mark": "(required)",
        "clear_choice": "Clear choice",
        "counter": "{count} / {max} characters",
        "counter_over": "{count} / {max} characters: {over} too many",
        "yes": "Yes",
        "no": "No",
        "agreement_labels": [
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
        ],
        "move_up": "Move {option} up",
        "move_down": "Move {option} down",
        "moved": "{option} is now number {n}",
        "position": "Number {n}",
        "points_left": "Points left: {n}",
        "points_over": "{n} points too many",
        "points_less": "{step} fewer points for {option}",
        "points_more": "{step} more points for {option}",
        "dots_left": "Dots left: {n}",
        "dots_count": "Dots: {n}",
        "dot_add": "Add a dot to {option}",
        "dot_remove": "Remove a dot from {option}",
        "item_label": "Item {n}",
        "add_item": "Add another",
        "remove_item": "Remove {item}",
        "remove_short": "Remove",
        "item_added": "{item} added",
        "item_removed": "{item} removed",
        "max_items": "You can fill in at most {max}.",
        "choose": "Choose…",
        "reconnecting": "Reconnecting…",
        "reload": "The connection was lost. Please reload the page.",
        "reload_button": "Reload the page",
        "time_left": "Time left",
        "time_up": "Time is up",
    },
}


def default_texts(lang: str) -> dict[str, Any]:
    """Return a copy of the default interface strings for ``lang`` (Dutch if unknown)."""
    base = (lang or DEFAULT_LANG).split("-")[0].lower()
    return dict(DEFAULT_TEXTS.get(base, DEFAULT_TEXTS[DEFAULT_LANG]))
