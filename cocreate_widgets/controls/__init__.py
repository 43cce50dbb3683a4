"""Accessible answer controls for the participant form (anywidget, no build step).

Each control is a small widget in anywidget's protocol (:mod:`.frontend`): a plain ES module
in ``static/`` that uses native inputs inside ``<fieldset>``/``<legend>`` or
``<label for>``, shows every user text literally (never as markup) and takes every
interface word from the ``texts`` trait. Values follow ``docs/architecture.md``.
"""

from __future__ import annotations

from .agreement import AgreementScale
from .base import AnswerField, ControlBase, normalize_options
from .choice import ChoiceGroup, YesNo
from .client import ClientContext
from .countdown import Countdown
from .date import DateField
from .points import DotVoting, PointsAllocation
from .ranking import RankingList
from .repeating import RepeatingList
from .scale import NumberScale
from .text import TextField
from .texts import DEFAULT_TEXTS, default_texts

__all__ = [
    "DEFAULT_TEXTS",
    "AgreementScale",
    "AnswerField",
    "ChoiceGroup",
    "ClientContext",
    "ControlBase",
    "Countdown",
    "DateField",
    "DotVoting",
    "NumberScale",
    "PointsAllocation",
    "RankingList",
    "RepeatingList",
    "TextField",
    "YesNo",
    "default_texts",
    "normalize_options",
]
