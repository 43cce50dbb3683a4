"""Community step 3 (seed 001): from the theme groups' proposals to tested concept improvements.

The rules, in plain words:

- **Proposals.** Every item a group wrote is one proposal, kept with its group. Its text is
  its title, what changes and for whom, joined. An item without any text is left out.
- **Comparing texts.** Texts are folded (lower case, accents dropped: "patiënt" = "patient")
  and the words of a small Dutch and English stop-word list (``data/text/stop_words.yaml``)
  are left out. Two TF-IDF views are made of what remains: whole words (and pairs of words),
  and pieces of 3 to 5 letters within words, so "coach" and "coaching" still meet. The
  similarity of two proposals is the mean of the cosine similarities of both views: 0 (nothing
  in common) to 1 (the same words). A proposal with only stop words is similar to nothing.
- **Clusters.** Proposals are joined step by step (average linkage): two clusters merge when
  the *mean* similarity between their proposals is at least ``threshold``. Every proposal is
  in exactly one cluster; a proposal that resembles nothing is a cluster of its own.
- **Per cluster.** ``overlap`` is the number of different groups that contributed (the
  overlap the core team looks for); ``coherence`` the mean similarity of all pairs in it
  (empty for a single proposal); the suggested title is the title of its most central
  proposal (highest mean similarity to the others; ties: the first written).
- **Test round.** Per concept a single choice (support / doubts / against) and a comment.
  ``score`` = (support + ½ · doubts) / answers: 1 when everyone supports it, 0 when everyone
  is against it, ½ when all have doubts. Answers outside the three options do not count.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..paths import data_dir
from .frames import plain_text, question_values

# Two clusters merge when their proposals are on average at least this similar. On the demo
# (data/demo/more/community_wave1/30_improvement_proposals.yaml, 15 proposals) the last merge
# within one of the four themes the core team saw happens at a mean similarity of 0.22, the
# first merge of two different themes at 0.13: 0.17 lies in the middle of that gap, so a
# little more or less wording does not change the clusters.
DEFAULT_THRESHOLD = 0.17
PROPOSAL_FIELDS: tuple[str, ...] = ("title", "change", "for_whom")
VIEWS: tuple[str, ...] = ("support", "doubts", "against")
VIEW_WEIGHTS: dict[str, float] = {"support": 1.0, "doubts": 0.5, "against": 0.0}
COMMENT_SUFFIX = "_comment"
# A test round asks two questions per concept; more than this many concepts is too long.
MAX_CONCEPTS = 12

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: object) -> str:
    """Lower case without accents ("Patiënt" -> "patient"); anything but text gives ""."""
    if not isinstance(text, str):
        return ""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1)
def _default_stop_words() -> frozenset[str]:
    import yaml

    path = data_dir() / "text" / "stop_words.yaml"
    lists = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(fold(w) for words in lists.values() for w in str(words).split())


def stop_words() -> frozenset[str]:
    """The Dutch and English stop words (folded) from ``data/text/stop_words.yaml``."""
    return _default_stop_words()


def content_words(text: object, stops: Iterable[str] | None = None) -> list[str]:
    """The folded words of ``text`` that are not stop words and longer than one letter."""
    skip = stop_words() if stops is None else frozenset(stops)
    return [w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in skip]


def proposal_rows(
    frame: pd.DataFrame, question_id: str = "proposals", group_column: str = "group"
) -> pd.DataFrame:
    """One row per proposal: ``proposal_id`` (0, 1, ...), ``group``, ``pseudonym``, ``title``,
    ``change``, ``for_whom`` and ``text`` (the three joined).

    ``frame`` is an answers frame with a ``group`` column (the theme group of the run the
    answer belongs to; "" when missing). An item without title uses the start of its change as
    title; an item without any text is left out.
    """
    columns = ["proposal_id", "group", "pseudonym", *PROPOSAL_FIELDS, "text"]
    rows: list[dict[str, Any]] = []
    if not len(frame) or "question_id" not in frame:
        return pd.DataFrame(columns=columns)
    for _, answer in question_values(frame, question_id).iterrows():
        items = answer["value"] if isinstance(answer["value"], list) else []
        group = answer.get(group_column)
        group = group if isinstance(group, str) else ""
        who = answer.get("pseudonym")
        for item in items:
            if not isinstance(item, Mapping):
                continue
            parts = {f: plain_text(item.get(f)) for f in PROPOSAL_FIELDS}
            if not any(parts.values()):
                continue
            if not parts["title"]:
                parts["title"] = parts["change"][:80] or parts["for_whom"][:80]
            rows.append(
                {
                    "proposal_id": len(rows),
                    "group": group,
                    "pseudonym": who if isinstance(who, str) else "",
                    **parts,
                    "text": " ".join(p for p in parts.values() if p),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def similarity_matrix(texts: Sequence[str], stops: Iterable[str] | None = None) -> np.ndarray:
    """Pairwise similarity (0..1) of ``texts``: the mean of the cosine similarities of a
    word TF-IDF (words and word pairs) and a letter TF-IDF (3-5 letters within words), after
    folding and leaving out stop words. The diagonal is 1, also for a text without content
    words, which is 0 to every other text."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    cleaned = [" ".join(content_words(t, stops)) for t in texts]
    size = len(cleaned)
    similarity = np.zeros((size, size))
    filled = [i for i, text in enumerate(cleaned) if text]
    if filled:
        subset = [cleaned[i] for i in filled]
        views = [
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)),
        ]
        part = sum(cosine_similarity(v.fit_transform(subset)) for v in views) / len(views)
        similarity[np.ix_(filled, filled)] = part
    np.fill_diagonal(similarity, 1.0)
    return np.clip(similarity, 0.0, 1.0)


def cluster_labels(similarity: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> list[int]:
    """A cluster number per text (0, 1, ... in order of first appearance) by average linkage:
    clusters merge while the mean similarity between them is at least ``threshold``."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold!r}")
    size = len(similarity)
    if size == 0:
        return []
    if size == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = 1.0 - np.asarray(similarity, dtype=float)
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    # fcluster cuts at distance <= t; a small margin keeps a mean exactly at the threshold
    raw = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in raw]


def assign_clusters(
    proposals: pd.DataFrame,
    threshold: float = DEFAULT_THRESHOLD,
    stops: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The proposals (from :func:`proposal_rows`) with a ``cluster`` column added."""
    result = proposals.copy()
    similarity = similarity_matrix(list(proposals.get("text", [])), stops)
    result["cluster"] = pd.Series(cluster_labels(similarity, threshold), dtype=int)
    return result


def proposal_clusters(
    proposals: pd.DataFrame,
    threshold: float = DEFAULT_THRESHOLD,
    stops: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per cluster of similar proposals, the widest overlap first.

    Columns: ``cluster``, ``suggested_title``, ``size`` (proposals), ``overlap`` (different
    groups), ``groups`` (their names, in order of appearance), ``coherence`` (mean pairwise
    similarity; NaN for one proposal), ``titles`` (the proposals' titles), ``proposal_ids``
    and ``central_id`` (the proposal whose title is suggested). Ties keep the order of the first proposal of each cluster.
    """
    columns = [
        "cluster",
        "suggested_title",
        "size",
        "overlap",
        "groups",
        "coherence",
        "titles",
        "proposal_ids",
        "central_id",
    ]
    if not len(proposals):
        return pd.DataFrame(columns=columns)
    texts = list(proposals["text"])
    similarity = similarity_matrix(texts, stops)
    labels = cluster_labels(similarity, threshold)
    rows = []
    for cluster in sorted(set(labels)):
        members = [i for i, label in enumerate(labels) if label == cluster]
        part = similarity[np.ix_(members, members)]
        if len(members) > 1:
            pairs = part[np.triu_indices(len(members), k=1)]
            coherence = float(pairs.mean())
            centrality = (part.sum(axis=1) - 1.0) / (len(members) - 1)
            central = members[int(np.argmax(centrality))]
        else:
            coherence, central = float("nan"), members[0]
        groups = list(dict.fromkeys(str(proposals["group"].iloc[i]) for i in members))
        rows.append(
            {
                "cluster": cluster,
                "suggested_title": proposals["title"].iloc[central],
                "size": len(members),
                "overlap": len(groups),
                "groups": groups,
                "coherence": coherence,
                "titles": [proposals["title"].iloc[i] for i in members],
                "proposal_ids": [int(proposals["proposal_id"].iloc[i]) for i in members],
                "central_id": int(proposals["proposal_id"].iloc[central]),
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["overlap", "size"], ascending=False, kind="stable")
    return table.reset_index(drop=True)


def concepts_from_clusters(
    clusters: pd.DataFrame, proposals: pd.DataFrame, min_overlap: int = 1
) -> pd.DataFrame:
    """Suggested ``concept_improvement`` records: ``title`` (the suggested title),
    ``description`` (what the central proposal changes) and ``from_proposals`` (one line per
    merged proposal: "group: title"), for clusters with at least ``min_overlap`` groups."""
    columns = ["title", "description", "from_proposals"]
    rows = []
    by_id = proposals.set_index("proposal_id") if len(proposals) else proposals
    for cluster in clusters.to_dict("records"):
        if cluster["overlap"] < min_overlap:
            continue
        ids = cluster["proposal_ids"]
        central = cluster["central_id"]
        lines = [f"{by_id.loc[i, 'group'] or '–'}: {by_id.loc[i, 'title']}" for i in ids]
        rows.append(
            {
                "title": cluster["suggested_title"],
                "description": by_id.loc[central, "change"],
                "from_proposals": "\n".join(lines),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def concept_test_question_set(
    base: Mapping[str, Any],
    concepts: pd.DataFrame,
    *,
    title_column: str = "title",
    description_column: str = "description",
) -> dict[str, Any]:
    """A copy of the ``concept_test`` question set asking about ``concepts`` (e.g. the
    ``concept_improvement`` records): per concept ``concept_<n>`` (support / doubts / against,
    labelled with its title, its description as help) and ``concept_<n>_comment``.

    ``base`` is ``Exercise.to_dict()`` of ``concept_test``; its first choice question and
    first comment question are the templates; it is not changed. Concepts without a title are
    skipped. Raises ``ValueError`` without any concept, with more than ``MAX_CONCEPTS``, or
    when the base has no template questions.
    """
    titles = [plain_text(t) for t in concepts.get(title_column, [])]
    descriptions = (
        [plain_text(d) for d in concepts[description_column]]
        if description_column in concepts
        else [""] * len(titles)
    )
    pairs = [(t, d) for t, d in zip(titles, descriptions, strict=True) if t]
    if not pairs:
        raise ValueError("a test round needs at least one concept with a title")
    if len(pairs) > MAX_CONCEPTS:
        raise ValueError(f"a test round asks about at most {MAX_CONCEPTS} concepts")
    result = copy.deepcopy(dict(base))
    questions = result.get("questions", [])
    choice = next((q for q in questions if q.get("type") == "single_choice"), None)
    comment = next((q for q in questions if q.get("id", "").endswith(COMMENT_SUFFIX)), None)
    if choice is None or comment is None:
        raise ValueError("the question set has no choice and comment question to copy")
    languages = list(result.get("languages") or ("nl", "en"))
    built = []
    for number, (title, description) in enumerate(pairs, start=1):
        view = copy.deepcopy(choice)
        view["id"] = f"concept_{number}"
        view["label"] = dict.fromkeys(languages, title)
        if description:
            view["help"] = dict.fromkeys(languages, description)
        note = copy.deepcopy(comment)
        note["id"] = f"concept_{number}{COMMENT_SUFFIX}"
        for question in (view, note):
            if not question.get("help"):
                question.pop("help", None)  # an empty help is no help (and not valid YAML)
        built.extend([view, note])
    result["questions"] = built
    return result


def concept_questions(question_set: Mapping[str, Any], lang: str = "nl") -> pd.DataFrame:
    """The concepts a test round asks about: ``question_id``, ``comment_id`` and ``concept``
    (its title in ``lang``), in the order of the question set."""
    columns = ["question_id", "comment_id", "concept"]
    ids = {q.get("id") for q in question_set.get("questions", [])}
    rows = []
    for question in question_set.get("questions", []):
        options = {o.get("id") for o in question.get("options", [])}
        if question.get("type") != "single_choice" or not set(VIEWS) <= options:
            continue
        label = question.get("label", {})
        comment_id = question["id"] + COMMENT_SUFFIX
        rows.append(
            {
                "question_id": question["id"],
                "comment_id": comment_id if comment_id in ids else None,
                "concept": label.get(lang) or next(iter(label.values()), question["id"]),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def support_scores(
    frame: pd.DataFrame, question_set: Mapping[str, Any], lang: str = "nl"
) -> pd.DataFrame:
    """Per tested concept: counts of ``support``, ``doubts`` and ``against``, ``answers``
    (their sum), ``score`` = (support + ½·doubts) / answers (NaN without answers) and
    ``comments`` (the comments written, in order). Highest score first; ties keep the order
    of the question set."""
    columns = ["concept", "question_id", *VIEWS, "answers", "score", "comments"]
    rows = []
    for concept in concept_questions(question_set, lang).to_dict("records"):
        answered = question_values(frame, concept["question_id"]) if len(frame) else frame
        values = [v for v in answered.get("value", []) if isinstance(v, str) and v in VIEWS]
        counts = {view: values.count(view) for view in VIEWS}
        total = sum(counts.values())
        score = sum(VIEW_WEIGHTS[v] * n for v, n in counts.items()) / total if total else np.nan
        comments: list[str] = []
        if concept["comment_id"] and len(frame):
            texts = question_values(frame, concept["comment_id"])["value"]
            comments = [c for c in (plain_text(v) for v in texts) if c]
        rows.append(
            {
                "concept": concept["concept"],
                "question_id": concept["question_id"],
                **counts,
                "answers": total,
                "score": score,
                "comments": comments,
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    for view in (*VIEWS, "answers"):
        table[view] = table[view].astype(int)
    table["score"] = table["score"].astype(float)
    table = table.sort_values("score", ascending=False, kind="stable", na_position="last")
    return table.reset_index(drop=True)


def concept_comments(
    frame: pd.DataFrame, question_set: Mapping[str, Any], lang: str = "nl"
) -> pd.DataFrame:
    """Every comment of a test round with its concept, the view of its writer (support /
    doubts / against, "" if not given) and the writer's role (never a name). In the order of
    the concepts, then support, doubts, against, then by role and text."""
    columns = ["concept", "view", "role", "comment"]
    rows = []
    if not len(frame):
        return pd.DataFrame(columns=columns)
    concepts = concept_questions(question_set, lang).to_dict("records")
    for position, concept in enumerate(concepts):
        if not concept["comment_id"]:
            continue
        views = {
            r["participant_id"]: r["value"]
            for r in question_values(frame, concept["question_id"]).to_dict("records")
        }
        for answer in question_values(frame, concept["comment_id"]).to_dict("records"):
            text = plain_text(answer["value"])
            if text:
                view = views.get(answer["participant_id"], "")
                rows.append(
                    {
                        "order": (position, VIEWS.index(view) if view in VIEWS else len(VIEWS)),
                        "concept": concept["concept"],
                        "view": view if view in VIEWS else "",
                        "role": answer.get("role", ""),
                        "comment": text,
                    }
                )
    rows.sort(key=lambda r: (r["order"], str(r["role"]), r["comment"]))
    return pd.DataFrame(rows, columns=columns)


__all__ = [
    "DEFAULT_THRESHOLD",
    "MAX_CONCEPTS",
    "VIEWS",
    "assign_clusters",
    "cluster_labels",
    "concept_comments",
    "concept_questions",
    "concept_test_question_set",
    "concepts_from_clusters",
    "content_words",
    "fold",
    "proposal_clusters",
    "proposal_rows",
    "similarity_matrix",
    "stop_words",
    "support_scores",
]
