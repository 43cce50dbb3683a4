"""``cocreate new-exercise NAME``: a question set and a workbook a trainer fills in.

Both run at once: the question set passes the schema (every text in Dutch and English,
``TODO`` marking what the trainer replaces) and the workbook passes ``cocreate check`` and
nbval. The analysis cell's committed output is what it prints on the demo database (where a
new exercise has no answers yet), so nbval passes until the trainer adds demo answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..exercises.schema import ID_RE
from .locations import own_exercise_dir, project_exercise_dir, workbooks_dir

DEFAULT_GROUP = "course"
CHOICE_QUESTION = "first_choice"
OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("option_a", "TODO eerste keuze", "TODO first choice"),
    ("option_b", "TODO tweede keuze", "TODO second choice"),
    ("option_c", "TODO derde keuze", "TODO third choice"),
)


class ScaffoldError(Exception):
    """What ``new-exercise`` tells the trainer instead of writing anything."""


@dataclass(frozen=True)
class Scaffold:
    """The two files written for a new exercise."""

    exercise_file: Path
    notebook_file: Path


def exercise_yaml(name: str, group: str) -> str:
    """The text of a minimal valid question set with ``TODO`` placeholders."""
    options = "\n".join(
        f"      - id: {oid}\n        label: {{nl: {nl}, en: {en}}}" for oid, nl, en in OPTIONS
    )
    return f"""\
# A new exercise: replace every TODO (Dutch under nl, English under en).
# The format of this file is described in docs/exercise-format.md; after each change run
#   cocreate check
# which names the file, line and field of anything that is not right.
id: {name}
schema: 1
group: {group}
title:
  nl: "TODO titel van de oefening"
  en: "TODO title of the exercise"
intro:
  nl: >-
    TODO Leg in twee of drie zinnen uit wat de deelnemers doen en waarom.
  en: >-
    TODO Explain in two or three sentences what participants do and why.
source:
  nl: "TODO de bron van de methode (boek, artikel, website)"
  en: "TODO the source of the method (book, article, website)"
questions:
  - id: {CHOICE_QUESTION}
    type: single_choice
    required: true
    label:
      nl: "TODO de vraag"
      en: "TODO the question"
    options:
{options}

  - id: why
    type: long_text
    max_length: 1500
    label:
      nl: "TODO waarom? (een open vraag)"
      en: "TODO why? (an open question)"
"""


def expected_counts_output() -> str:
    """What the analysis cell prints when nobody has answered (the demo database)."""
    import pandas as pd

    labels = {oid: nl for oid, nl, _en in OPTIONS}
    counts = pd.Series([0] * len(OPTIONS), index=list(labels), dtype=int)
    return counts.rename(index=labels).to_string() + "\n"


def _markdown(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text)


def _code(source: str, printed: str | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    if printed is not None:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
        cell.execution_count = 1
    return cell


def workbook_notebook(name: str) -> nbformat.NotebookNode:
    """The workbook: method, form, live results, an analysis with a chart, take home, decision."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    notebook.cells = [
        _markdown(
            "# TODO Titel · *TODO Title*\n\n"
            "**Methode.** TODO Beschrijf de methode in een paar alinea's, in eigen woorden: "
            "wat doen de deelnemers, wat levert het op, wat doet de begeleider.\n\n"
            "*Method. TODO Describe the method in a few paragraphs, in your own words: what "
            "participants do, what it yields, what the facilitator does.*\n\n"
            "**Bron · Source:** TODO de bron · *the source*."
        ),
        _code(
            "from cocreate_widgets.analysis.summaries import choice_counts\n"
            "from cocreate_widgets.charts.bars import bar_chart\n"
            "from cocreate_widgets.workbook import Workbook\n\n"
            f'wb = Workbook("{name}")\n'
            "wb.introduction()"
        ),
        _markdown(
            "## Het formulier · *The form*\n\nZo zien deelnemers de vragen op hun telefoon "
            "(een voorbeeld: hier wordt niets opgeslagen). *How participants see the questions "
            "(a preview: nothing is saved).*"
        ),
        _code("wb.form_preview()"),
        _markdown(
            "## Live resultaten · *Live results*\n\nDeze weergave werkt zichzelf bij zodra er "
            "antwoorden binnenkomen. *This view updates itself as answers arrive.*"
        ),
        _code("wb.live_results()"),
        _markdown(
            "## De keuzes · *The choices*\n\nHoe vaak elke keuze gekozen is. TODO Vervang dit "
            "door de analyse van jouw oefening. *How often each option was chosen. TODO "
            "Replace this with your exercise's analysis.*"
        ),
        _code(
            "# NBVAL_CHECK_OUTPUT\n"
            f'options = wb.option_labels("{CHOICE_QUESTION}")\n'
            f'counts = choice_counts(wb.answers(), "{CHOICE_QUESTION}", list(options))\n'
            "print(counts.rename(index=options).to_string())",
            expected_counts_output(),
        ),
        _code(
            "wb.chart(\n"
            '    bar_chart(counts.tolist(), list(options.values()), unit="keer gekozen"),\n'
            '    "Hoe vaak elke keuze gekozen is",\n'
            ")"
        ),
        _markdown(
            "## Meenemen · *Take home*\n\nHet verslag (PDF of webpagina) of de gegevens (Excel "
            "of CSV) van deze oefening of van de hele workshop. Deelnemers staan er zonder naam "
            "in, tenzij je *met namen* kiest. *The report or the data of this exercise or of "
            "the whole workshop; participants are pseudonymised unless you choose names.*"
        ),
        _code("wb.export()"),
        _markdown("## Besluit · *Decision*"),
        _code("wb.decisions()"),
    ]
    return notebook


def check_name(name: str, what: str = "name") -> None:
    """Raise :class:`ScaffoldError` unless ``name`` is an id (a-z, 0-9, _)."""
    if not ID_RE.match(name):
        raise ScaffoldError(
            f"{what} {name!r} is not an id: use lower-case letters a-z, digits and _ "
            "(at most 64, starting with a letter or digit), e.g. my_exercise"
        )


def scaffold_paths(name: str, group: str, folder: Path | None) -> Scaffold:
    """Where the files go: the app's data dir and ``workbooks/GROUP``, or ``DIR``."""
    if folder is None:
        return Scaffold(
            project_exercise_dir() / f"{name}.yaml", workbooks_dir() / group / f"{name}.ipynb"
        )
    return Scaffold(folder / "exercises" / f"{name}.yaml", folder / f"{name}.ipynb")


def new_exercise(name: str, group: str = DEFAULT_GROUP, folder: Path | None = None) -> Scaffold:
    """Write the question set and the workbook of a new exercise; nothing is overwritten."""
    check_name(name)
    check_name(group, "group")
    target = scaffold_paths(name, group, folder)
    taken = [project_exercise_dir() / f"{name}.yaml"]
    if folder is not None and own_exercise_dir(folder) is not None:
        taken.append(folder / "exercises" / f"{name}.yaml")
    for path in taken:
        if path.exists():
            raise ScaffoldError(f"an exercise {name!r} already exists: {path}; choose another name")
    if target.notebook_file.exists():
        raise ScaffoldError(f"{target.notebook_file} already exists; choose another name")
    target.exercise_file.parent.mkdir(parents=True, exist_ok=True)
    target.notebook_file.parent.mkdir(parents=True, exist_ok=True)
    target.exercise_file.write_text(exercise_yaml(name, group), encoding="utf-8")
    nbformat.write(workbook_notebook(name), target.notebook_file)
    return target
