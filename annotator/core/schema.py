"""The annotation schema: labels, relation types and the rules the tool enforces."""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from annotator.core.errors import SchemaError
from annotator.core.resources import default_schema_path, schema_json_schema_path

_DEFAULT_COLORS = [
    "#f4a3a3", "#f7c59f", "#fde68a", "#a7d8f0", "#b9c6f5", "#d6bcf5",
    "#b5e8b5", "#c8f0d8", "#f5b8df", "#e0c9a6", "#d9d9d9", "#9fe0d0",
]
KEY_ORDER = [*(str(d) for d in range(1, 10)), "0", *(f"shift+{d}" for d in (*range(1, 10), 0))]
_KEY_RE = re.compile(r"^(shift\+)?[0-9]$")

# Label and relation type names: what spaCy and every interchange format can carry. No whitespace
# (brat's `T1<TAB>LABEL 0 5`, CoNLL's tag column and IOB prefixes split on it), no control
# characters, none of brat's annotation.conf syntax (`|,:;=<>!#`) nor our schema patterns' `*?[]`,
# no quotes or backslash; at most 100 characters. `Person`, `Merge-org`, `foundedAt`, `Pos-Reg`,
# `PER_VN`, `Tổ_chức` are all names. The same rule is `schemas/annotation-schema.json`'s pattern.
NAME_MAX = 100
_NAME_BAD = re.compile(r"[\s\x00-\x1f\x7f|,:;=<>!#*?\[\]\"'\\]")


def label_name_problem(name: object) -> str | None:
    """Why `name` cannot be a label or relation type name, or None when it can."""
    if not isinstance(name, str) or not name:
        return "a name must be a non-empty string"
    if len(name) > NAME_MAX:
        return f"longer than {NAME_MAX} characters"
    bad = _NAME_BAD.search(name)
    if bad:
        ch = bad.group()
        return f"contains {'whitespace' if ch.isspace() else repr(ch)}, which the export formats cannot carry"
    return None


@dataclass(frozen=True, slots=True)
class EntityLabel:
    name: str
    color: str
    key: str | None = None
    description: str = ""
    examples: tuple[str, ...] = ()
    # optional display names per language, e.g. (("en", "Vietnamese person"), ("vi", "Người Việt Nam")),
    # sorted by language code; the label's `name` stays what is stored and exported
    display: tuple[tuple[str, str], ...] = ()

    def display_name(self, language: str) -> str | None:
        """The label's display name in `language` (a code such as "vi"), None when the schema has none."""
        for lang, text in self.display:
            if lang == language:
                return text
        return None


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    head: frozenset[str]
    tail: frozenset[str]
    symmetric: bool = False
    description: str = ""

    def allows(self, head_label: str, tail_label: str) -> bool:
        if head_label in self.head and tail_label in self.tail:
            return True
        return self.symmetric and tail_label in self.head and head_label in self.tail


@dataclass(frozen=True)
class Schema:
    name: str
    version: str
    language: str
    labels: tuple[EntityLabel, ...]
    relations: tuple[RelationType, ...] = ()
    tokenizer: str = "annotator.vi_syllables.v1"
    span_key: str = "sc"
    ents_labels: tuple[str, ...] = ()
    ents_nested: str = "outermost"
    title: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # -- look-ups -------------------------------------------------------------------------
    @cached_property
    def label_names(self) -> tuple[str, ...]:
        return tuple(lab.name for lab in self.labels)

    @cached_property
    def _labels_by_name(self) -> dict[str, EntityLabel]:
        return {lab.name: lab for lab in self.labels}

    @cached_property
    def _relations_by_name(self) -> dict[str, RelationType]:
        return {rel.name: rel for rel in self.relations}

    def label(self, name: str) -> EntityLabel:
        return self._labels_by_name[name]

    def has_label(self, name: str) -> bool:
        return name in self._labels_by_name

    def relation(self, name: str) -> RelationType:
        return self._relations_by_name[name]

    def has_relation(self, name: str) -> bool:
        return name in self._relations_by_name

    def label_for_key(self, key: str) -> EntityLabel | None:
        for lab in self.labels:
            if lab.key == key:
                return lab
        return None

    def color(self, name: str) -> str:
        lab = self._labels_by_name.get(name)
        return lab.color if lab else "#cccccc"

    def allowed_relations(self, head_label: str, tail_label: str) -> list[RelationType]:
        """Relation types the schema allows from a span labelled `head_label` to one labelled `tail_label`."""
        return [rel for rel in self.relations if rel.allows(head_label, tail_label)]

    def label_rank(self, name: str) -> int:
        try:
            return self.label_names.index(name)
        except ValueError:
            return len(self.label_names)

    # -- (de)serialization ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "version": self.version,
            "language": self.language,
            "tokenizer": self.tokenizer,
            "span_key": self.span_key,
            "ents": {"labels": list(self.ents_labels), "nested": self.ents_nested},
            "labels": [
                {
                    "name": lab.name,
                    **({"key": lab.key} if lab.key else {}),
                    "color": lab.color,
                    "description": lab.description,
                    "examples": list(lab.examples),
                    **({"display": dict(lab.display)} if lab.display else {}),
                }
                for lab in self.labels
            ],
            "relations": [
                {
                    "name": rel.name,
                    "description": rel.description,
                    "head": sorted(rel.head, key=self.label_rank),
                    "tail": sorted(rel.tail, key=self.label_rank),
                    "symmetric": rel.symmetric,
                }
                for rel in self.relations
            ],
        }

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100)

    def with_labels(self, names: Iterable[str]) -> Schema:
        """A copy with extra entity labels appended (`--add-labels` on import)."""
        data = self.to_dict()
        used_keys = {lab.key for lab in self.labels if lab.key}
        free_keys = [k for k in KEY_ORDER if k not in used_keys]
        for name in names:
            if self.has_label(name) or any(d["name"] == name for d in data["labels"]):
                continue
            entry: dict[str, Any] = {"name": name, "color": _DEFAULT_COLORS[len(data["labels"]) % len(_DEFAULT_COLORS)]}
            if free_keys:
                entry["key"] = free_keys.pop(0)
            data["labels"].append(entry)
            data["ents"]["labels"].append(name)
        return schema_from_dict(data, source=f"{self.name} (extended)")

    def with_relation_types(self, names: Iterable[str]) -> Schema:
        """A copy with extra relation types appended, each allowed between any two labels
        (`--add-labels` on import; narrow them later with `schema set`)."""
        data = self.to_dict()
        for name in names:
            if self.has_relation(name) or any(d["name"] == name for d in data["relations"]):
                continue
            data["relations"].append({"name": name, "head": ["*"], "tail": ["*"], "symmetric": False,
                                      "description": "added on import"})
        return schema_from_dict(data, source=f"{self.name} (extended)")


# -- loading and validation ----------------------------------------------------------------


def _json_path(parts: Iterable[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top)"


_json_validator = None


def _validator():
    global _json_validator
    if _json_validator is None:
        import jsonschema

        with open(schema_json_schema_path(), encoding="utf-8") as fh:
            spec = json.load(fh)
        _json_validator = jsonschema.Draft202012Validator(spec)
    return _json_validator


def check_schema_dict(data: Any) -> list[str]:
    """Every problem of a schema document, each as `path: message`. Empty when valid."""
    if not isinstance(data, dict):
        return ["(top): a schema must be a mapping"]
    problems = [
        f"{_json_path(err.absolute_path)}: {err.message}"
        for err in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    labels = data.get("labels") if isinstance(data.get("labels"), list) else []
    names: list[str] = []
    keys: dict[str, int] = {}
    for i, lab in enumerate(labels):
        if not isinstance(lab, dict) or not isinstance(lab.get("name"), str):
            continue
        why = label_name_problem(lab["name"])
        if why and lab["name"]:
            problems.append(f"labels[{i}].name: {lab['name']!r} {why}")
        if lab["name"] in names:
            problems.append(f"labels[{i}].name: duplicate label {lab['name']}")
        names.append(lab["name"])
        key = lab.get("key")
        if isinstance(key, str) and _KEY_RE.match(key):
            if key in keys:
                problems.append(f"labels[{i}].key: key {key} already used by labels[{keys[key]}]")
            keys[key] = i
    known = set(names)
    rels = data.get("relations") if isinstance(data.get("relations"), list) else []
    rel_names: set[str] = set()
    for i, rel in enumerate(rels):
        if not isinstance(rel, dict):
            continue
        if isinstance(rel.get("name"), str):
            why = label_name_problem(rel["name"])
            if why and rel["name"]:
                problems.append(f"relations[{i}].name: {rel['name']!r} {why}")
            if rel["name"] in rel_names:
                problems.append(f"relations[{i}].name: duplicate relation {rel['name']}")
            rel_names.add(rel["name"])
        for side in ("head", "tail"):
            for pattern in rel.get(side) or []:
                if isinstance(pattern, str) and not _expand(pattern, names):
                    problems.append(f"relations[{i}].{side}: unknown label {pattern}")
    ents = data.get("ents")
    if isinstance(ents, dict):
        for j, name in enumerate(ents.get("labels") or []):
            if isinstance(name, str) and name not in known:
                problems.append(f"ents.labels[{j}]: unknown label {name}")
    return problems


def _expand(pattern: str, names: Iterable[str]) -> list[str]:
    if any(ch in pattern for ch in "*?["):
        return [n for n in names if fnmatch.fnmatchcase(n, pattern)]
    return [n for n in names if n == pattern]


def schema_from_dict(data: Any, source: str = "<schema>", check: bool = True) -> Schema:
    """Build a Schema; `check=False` skips validation (for a schema this tool wrote itself)."""
    problems = check_schema_dict(data) if check else []
    if problems:
        raise SchemaError(source, problems)
    names = [lab["name"] for lab in data["labels"]]
    labels = tuple(
        EntityLabel(
            name=lab["name"],
            color=lab.get("color") or _DEFAULT_COLORS[i % len(_DEFAULT_COLORS)],
            key=lab.get("key"),
            description=(lab.get("description") or "").strip(),
            examples=tuple(lab.get("examples") or ()),
            display=tuple(sorted((str(k), str(v).strip()) for k, v in (lab.get("display") or {}).items())),
        )
        for i, lab in enumerate(data["labels"])
    )
    relations = tuple(
        RelationType(
            name=rel["name"],
            head=frozenset(n for p in rel["head"] for n in _expand(p, names)),
            tail=frozenset(n for p in rel["tail"] for n in _expand(p, names)),
            symmetric=bool(rel.get("symmetric", False)),
            description=(rel.get("description") or "").strip(),
        )
        for rel in data.get("relations") or []
    )
    ents = data.get("ents") or {}
    return Schema(
        name=data["name"],
        title=data.get("title", ""),
        version=str(data["version"]),
        language=data["language"],
        labels=labels,
        relations=relations,
        tokenizer=data.get("tokenizer", "annotator.vi_syllables.v1"),
        span_key=data.get("span_key", "sc"),
        ents_labels=tuple(ents.get("labels") or names),
        ents_nested=ents.get("nested", "outermost"),
        raw=data,
    )


def parse_schema_text(text: str, source: str = "<schema>", check: bool = True) -> Schema:
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C loader: ~10x faster
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(top)"
        raise SchemaError(source, [f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})"]) from exc
    return schema_from_dict(data, source=source, check=check)


def load_schema(path: str | Path) -> Schema:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(str(path), [f"(file): cannot read: {exc}"]) from exc
    return parse_schema_text(text, source=str(path))


def default_schema() -> Schema:
    return load_schema(default_schema_path())
