"""A team server on PostgreSQL: group roles, login roles, and the row-level security that enforces them.

`install(conn)` (run by `annotator server init` as the database's owner, after the migrations) makes
three group roles and the policies below; it can run again at any time (after a later migration,
it grants the new tables too). A user is a login role in one group (`add_user`); the database
knows who is connected (`current_user`), so on a team server nobody declares a name or a role.

What each group may do (the database refuses the rest, whatever program connects):

- ``annotator_annotator``: read documents, the schema, the annotator list and assignments; read and
  write only her own annotation sets (their spans and relations), and only on documents assigned
  to her (every document while nothing at all is assigned). No gold, no decision, no other set.
- ``annotator_reviewer``: read every set and decision; the only one to write gold sets and review
  decisions; her own annotation sets like an annotator; the stored review state.
- ``annotator_manager``: read every set; import (documents, annotators, annotation sets — not
  gold), assign, change the schema (a rename or merge of labels rewrites every set, gold and
  decisions included: managers may change and delete such rows, never add gold or decisions),
  add users (`CREATEROLE`).

Notes and "needs review" flags (`note`, `document_flag`) are their author's, as her sets are: she
reads and writes her own, on documents she may write; reviewers and managers read all of them.

The database's owner (who ran `server init`) passes every policy. Derived rows stay right under
these rules: the trigger that makes a document's stored review state stale runs as its owner
(`SECURITY DEFINER`), so an annotator's edit clears the row she may not read; only reviewers and
managers — who read every set — store recomputed review rows; token offsets depend on the text
alone, so anyone may store them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from sqlalchemy import Connection, text

GROUPS = ("annotator", "reviewer", "manager")
GROUP_PREFIX = "annotator_"

# a login role's name: what PostgreSQL accepts unquoted is the safe common ground (lower case)
NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def group_role(group: str) -> str:
    if group not in GROUPS:
        raise ValueError(f"role must be one of {', '.join(GROUPS)}, not {group!r}")
    return GROUP_PREFIX + group


def is_team_server(conn: Connection) -> bool:
    """True when the database is PostgreSQL with this module's row-level security installed."""
    if conn.dialect.name != "postgresql":
        return False
    return bool(
        conn.execute(
            text("SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('annotation_set')")
        ).scalar()
    )


def identity(conn: Connection) -> tuple[str, frozenset[str]]:
    """(the login name, the groups it has the rights of: annotator / reviewer / manager).

    The database's owner and superusers count as every group.
    """
    row = conn.execute(
        text(
            "SELECT current_user, "
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
            "pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass('annotation_set')), 'USAGE'), "
            + ", ".join(
                f"(SELECT pg_has_role(current_user, oid, 'USAGE') FROM pg_roles WHERE rolname = '{group_role(g)}')"
                for g in GROUPS
            )
        )
    ).one()
    name, superuser, owner, *flags = row
    if superuser or owner:
        return str(name), frozenset(GROUPS)
    return str(name), frozenset(g for g, f in zip(GROUPS, flags, strict=True) if f)


# -- installing ----------------------------------------------------------------------------------
_FUNCTIONS = [
    # who is connected, as an annotator id (NULL when the login has no annotator row yet)
    """CREATE OR REPLACE FUNCTION annotator_me() RETURNS integer LANGUAGE sql STABLE AS
$$ SELECT id FROM annotator WHERE name = current_user $$""",
    # whether the connected login has the rights of a group role (the owner has them all)
    """CREATE OR REPLACE FUNCTION annotator_has(grp text) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass('annotation_set')), 'USAGE')
       OR COALESCE((SELECT pg_has_role(current_user, oid, 'USAGE') FROM pg_roles WHERE rolname = 'annotator_' || grp),
                   false) $$""",
    """CREATE OR REPLACE FUNCTION annotator_reads_all() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT annotator_has('reviewer') OR annotator_has('manager') $$""",
    # the document is assigned to the connected login, or nothing at all is assigned yet
    """CREATE OR REPLACE FUNCTION annotator_assigned(doc integer) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT NOT EXISTS (SELECT 1 FROM assignment)
       OR EXISTS (SELECT 1 FROM assignment WHERE document_id = doc AND annotator_id = annotator_me()) $$""",
]

# May the connected login write a set with these columns? (gold: reviewers; others: managers, or
# its annotator on a document assigned to her). Scalar sub-selects are evaluated once a statement.
_SET_WRITE = (
    "CASE WHEN {t}kind = 'gold' THEN (SELECT annotator_has('reviewer')) "
    "ELSE (SELECT annotator_has('manager')) OR ({t}annotator_id = (SELECT annotator_me()) "
    "AND ((SELECT annotator_reads_all()) OR annotator_assigned({t}document_id))) END"
)
# Changing or deleting rows (not adding): managers too, gold included — a schema change (rename
# or merge labels) rewrites every set and decision, and must not skip the rows it may not see
# change (row-level security would skip them silently). Managers are trusted so far anyway: they
# grant roles.
_SET_CHANGE = "(SELECT annotator_has('manager')) OR " + _SET_WRITE
_SET_READ = (
    "(SELECT annotator_reads_all()) OR ({t}annotator_id = (SELECT annotator_me()) AND {t}kind <> 'gold' "
    "AND annotator_assigned({t}document_id))"
)
_ROW_READ = "(SELECT annotator_reads_all()) OR EXISTS (SELECT 1 FROM annotation_set a WHERE a.id = set_id)"
_ROW_WRITE = "EXISTS (SELECT 1 FROM annotation_set a WHERE a.id = set_id AND ({}))".format(_SET_WRITE.format(t="a."))
_ROW_CHANGE = "EXISTS (SELECT 1 FROM annotation_set a WHERE a.id = set_id AND ({}))".format(_SET_CHANGE.format(t="a."))
_IS_REVIEWER = "(SELECT annotator_has('reviewer'))"
_IS_MANAGER = "(SELECT annotator_has('manager'))"
# an annotator row: a manager writes any; a login may make (or correct) its own, with its real role
_ANNOTATOR_WRITE = (
    f"{_IS_MANAGER} OR (name = current_user AND role = CASE WHEN {_IS_REVIEWER} THEN 'reviewer' ELSE 'annotator' END)"
)

# rows of one annotator on one document (notes, flags): she reads and writes her own, on documents
# she may write (as her sets); reviewers and managers read every one
_OWN = "annotator_id = (SELECT annotator_me())"
_OWN_WRITE = f"{_OWN} AND ((SELECT annotator_reads_all()) OR annotator_assigned(document_id))"
_OWN_ROWS: dict[str, tuple[str | None, str | None]] = {
    "SELECT": (f"(SELECT annotator_reads_all()) OR {_OWN}", None),
    "INSERT": (None, _OWN_WRITE),
    "UPDATE": (_OWN, _OWN_WRITE),
    "DELETE": (_OWN, None),
}

# table -> {command: (USING, WITH CHECK)}; None: not allowed to anybody but the owner
_POLICIES: dict[str, dict[str, tuple[str | None, str | None]]] = {
    "annotation_set": {
        "SELECT": (_SET_READ.format(t=""), None),
        "INSERT": (None, _SET_WRITE.format(t="")),
        "UPDATE": (_SET_CHANGE.format(t=""), _SET_CHANGE.format(t="")),
        "DELETE": (_SET_CHANGE.format(t=""), None),
    },
    "span": {
        "SELECT": (_ROW_READ, None),
        "INSERT": (None, _ROW_WRITE),
        "UPDATE": (_ROW_CHANGE, _ROW_CHANGE),
        "DELETE": (_ROW_CHANGE, None),
    },
    "relation": {
        "SELECT": (_ROW_READ, None),
        "INSERT": (None, _ROW_WRITE),
        "UPDATE": (_ROW_CHANGE, _ROW_CHANGE),
        "DELETE": (_ROW_CHANGE, None),
    },
    "review_decision": {
        "SELECT": ("(SELECT annotator_reads_all())", None),
        "INSERT": (None, _IS_REVIEWER),
        "UPDATE": (f"{_IS_REVIEWER} OR {_IS_MANAGER}", f"{_IS_REVIEWER} OR {_IS_MANAGER}"),
        "DELETE": (f"{_IS_REVIEWER} OR {_IS_MANAGER}", None),
    },
    # an annotator's "not this suggestion" marks (migration 0005): her own
    "suggestion_rejection": {
        "SELECT": ("(SELECT annotator_reads_all()) OR annotator_id = (SELECT annotator_me())", None),
        "INSERT": (None, "(SELECT annotator_has('manager')) OR annotator_id = (SELECT annotator_me())"),
        "UPDATE": ("(SELECT annotator_has('manager')) OR annotator_id = (SELECT annotator_me())",
                   "(SELECT annotator_has('manager')) OR annotator_id = (SELECT annotator_me())"),
        "DELETE": ("(SELECT annotator_has('manager')) OR annotator_id = (SELECT annotator_me())", None),
    },
    # notes and "needs review" flags (migration 0006): their author's, as her annotation sets are
    "note": _OWN_ROWS,
    "document_flag": _OWN_ROWS,
    "annotator": {
        "SELECT": ("true", None),
        "INSERT": (None, _ANNOTATOR_WRITE),
        "UPDATE": (f"{_IS_MANAGER} OR name = current_user", _ANNOTATOR_WRITE),
        "DELETE": (_IS_MANAGER, None),
    },
}

# table privileges per group (row-level security narrows them further on the tables above)
_ALL = "SELECT, INSERT, UPDATE, DELETE"
# suggestions (migration 0005): made by managers (suggest, train), read by everyone; rejections
# are each annotator's own (row-level security above)
_SUGGESTIONS = {"suggester": "SELECT", "suggestion": "SELECT", "suggested_document": "SELECT",
                "suggestion_rejection": _ALL}
_NOTES = {"note": _ALL, "document_flag": _ALL}  # (row-level security above: each author's own)
_GRANTS: dict[str, dict[str, str]] = {
    "annotator": {
        **_SUGGESTIONS, **_NOTES,
        "document": "SELECT", "schema": "SELECT", "annotator": "SELECT, INSERT, UPDATE", "assignment": "SELECT",
        "alembic_version": "SELECT", "annotation_set": _ALL, "span": _ALL, "relation": _ALL,
        "document_tokens": _ALL, "review_decision": "SELECT",  # (row-level security: no row)
    },
    "reviewer": {
        **_SUGGESTIONS, **_NOTES,
        "document": "SELECT", "schema": "SELECT", "annotator": "SELECT, INSERT, UPDATE", "assignment": "SELECT",
        "alembic_version": "SELECT", "annotation_set": _ALL, "span": _ALL, "relation": _ALL,
        "review_decision": _ALL, "review_state": _ALL, "document_tokens": _ALL,
    },
    "manager": {
        **_NOTES,
        "suggester": _ALL, "suggestion": _ALL, "suggested_document": _ALL, "suggestion_rejection": _ALL,
        "document": _ALL, "schema": _ALL, "annotator": _ALL, "assignment": _ALL, "alembic_version": "SELECT",
        "annotation_set": _ALL, "span": _ALL, "relation": _ALL, "review_decision": "SELECT, UPDATE, DELETE",
        "review_state": _ALL, "document_tokens": _ALL,
    },
}


def install_ddl(database: str, tables: set[str] | None = None) -> list[str]:
    """The statements of `install`, in order (`database`: the database's name, for CONNECT;
    `tables`: those that exist — grants and policies of the others are left out)."""

    def exists(table: str) -> bool:
        return tables is None or table in tables

    out: list[str] = []
    for g in GROUPS:
        role = group_role(g)
        out.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} NOLOGIN; END IF; END $$"
        )
        out.append(f'GRANT CONNECT ON DATABASE "{database}" TO {role}')
        out.append(f"GRANT USAGE ON SCHEMA {_SCHEMA} TO {role}")
        out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_SCHEMA} TO {role}")
        out.append(f"REVOKE ALL ON ALL TABLES IN SCHEMA {_SCHEMA} FROM {role}")
        for table, privileges in _GRANTS[g].items():
            if exists(table):
                out.append(f'GRANT {privileges} ON "{table}" TO {role}')
    out.extend(_FUNCTIONS)
    # the trigger that makes stored review rows stale runs as the owner: an annotator's edit must
    # delete a row she may not read; its search path is pinned, as a definer's function's must be
    out.append(
        "ALTER FUNCTION review_state_stale() SECURITY DEFINER "
        f"SET search_path = {_SCHEMA}, pg_temp"
    )
    for table, commands in _POLICIES.items():
        if not exists(table):
            continue
        out.append(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        for command, (using, check) in commands.items():
            name = f"annotator_{command.lower()}"
            out.append(f'DROP POLICY IF EXISTS {name} ON "{table}"')
            clause = f"CREATE POLICY {name} ON \"{table}\" FOR {command} TO PUBLIC"
            if using is not None:
                clause += f" USING ({using})"
            if check is not None:
                clause += f" WITH CHECK ({check})"
            out.append(clause)
    return out


_SCHEMA = "current_schema_placeholder"


def install(conn: Connection) -> None:
    """Create the group roles, grants, functions and policies (idempotent; run as the owner)."""
    database = conn.execute(text("SELECT current_database()")).scalar()
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    quoted = '"' + str(schema).replace('"', '""') + '"'
    tables = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())
    for statement in install_ddl(str(database).replace('"', '""'), tables):
        conn.exec_driver_sql(statement.replace(_SCHEMA, quoted))


def scram_verifier(password: str, iterations: int = 4096, salt: bytes | None = None) -> str | None:
    """PostgreSQL's SCRAM-SHA-256 verifier of `password` (what `pg_authid.rolpassword` stores),
    computed here so that the password itself never reaches the server (nor its statement log).

    None for a password that is not printable ASCII: SASLprep could normalize it, which only the
    server does the way it checks logins; such a password is sent as it is.
    """
    if not password or not all(" " <= ch <= "~" for ch in password):
        return None
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def add_user(conn: Connection, name: str, group: str, password: str) -> bool:
    """Create login role `name` in `group` (or give an existing one this password and group).

    Returns True when the role was created. A manager gets `CREATEROLE` (she adds users). The
    password is sent as its SCRAM-SHA-256 verifier (`scram_verifier`), quoted inside the statement
    (PostgreSQL takes no parameter there).
    """
    if not NAME_RE.match(name):
        raise ValueError(
            f"{name!r} is not a login name this tool makes: lower-case letters, digits and _, "
            "not starting with a digit, at most 63"
        )
    role = group_role(group)
    secret = scram_verifier(password) or password
    literal = "'" + secret.replace("'", "''") + "'"
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None
    extra = " CREATEROLE" if group == "manager" else ""
    if exists:
        conn.exec_driver_sql(f'ALTER ROLE "{name}" LOGIN{extra} PASSWORD {literal}')
    else:
        conn.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN{extra} PASSWORD {literal}')
    conn.exec_driver_sql(f'GRANT {role} TO "{name}"')
    if group == "manager":
        version = int(conn.execute(text("SHOW server_version_num")).scalar() or 0)
        if version >= 160000:  # PostgreSQL 16: CREATEROLE grants only roles held WITH ADMIN OPTION
            conn.exec_driver_sql(f'GRANT {role} TO "{name}" WITH ADMIN OPTION')
            for g in GROUPS:
                if g != "manager":  # the right to grant it, not its rights
                    conn.exec_driver_sql(
                        f'GRANT {group_role(g)} TO "{name}" WITH ADMIN OPTION, INHERIT FALSE, SET FALSE'
                    )
    return not exists


__all__ = ["GROUPS", "add_user", "group_role", "identity", "install", "install_ddl", "is_team_server"]
