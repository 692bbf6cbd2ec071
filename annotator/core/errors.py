"""Errors of the domain. Every message names what is wrong and where (file, line, document)."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base class of every error the tool reports to a user."""


class SchemaError(AnnotatorError):
    """A schema file or schema object is invalid. `problems` lists `path: message` strings."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{source}: invalid schema ({len(self.problems)} problem(s))\n{lines}")


class InputError(AnnotatorError):
    """Bad input in a file: names the file and, when known, the line (`FILE:LINE: reason`)."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        # one line whatever the reason quotes (a listing of many problems is `ImportProblemsError`)
        reason = reason.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {reason}")


class AnnotationError(AnnotatorError):
    """An edit that the rules refuse (unknown label, bad offsets, duplicate span, relation not allowed).

    `kind` names the rule in a few words (`not on token boundaries`, `relation not allowed`…), so
    an import can group the problems it lists; empty when the raiser gave none.
    """

    def __init__(self, message: str = "", kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


class ConcurrencyError(AnnotatorError):
    """The annotation set was changed elsewhere since it was loaded (optimistic concurrency)."""


class NotAllowedError(AnnotationError):
    """The user's role does not allow the action (refused by the server's row-level security, or,
    on SQLite, by the self-declared role); nothing was changed."""


class StorageError(AnnotatorError):
    """The database could not be read or written (locked, missing, read-only)."""


class DatabaseLockedError(StorageError):
    """Another program holds the database's write lock: the same action may work a moment later."""


class SchemaChangeError(AnnotationError):
    """A new schema would orphan stored data; `problems` has one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
