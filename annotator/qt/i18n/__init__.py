"""The window's languages: Vietnamese and English, with Qt's own translation tools.

Every user-visible string of `annotator.qt` goes through `translate(context, text)` (Qt's
`QCoreApplication.translate`) or `self.tr(text)`; `pyside6-lupdate` collects them into
`annotator_vi.ts` / `annotator_en.ts` beside this file and `pyside6-lrelease` compiles those to
the `.qm` files shipped in the package (`scripts/update_translations.py` does both). Placeholders
are Qt's `%1`, `%2`… (filled with `arg`) so that a translation may reorder them.

Which language: `annotator --lang vi|en` (or `ANNOTATOR_LANG`), else the one chosen in the
window's menu (settings key `language`), else the system locale (Vietnamese when it is `vi*`,
English otherwise). The translator is installed before the window is built, so the first paint
is already in the chosen language; a choice made in the menu applies at the next start.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QTranslator

LANGUAGES = ("vi", "en")
# each language's name in its own language (the menu shows them untranslated, on purpose)
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
ENV_LANG = "ANNOTATOR_LANG"
SETTINGS_KEY = "language"
HERE = Path(__file__).resolve().parent

translate = QCoreApplication.translate
_installed: list[QTranslator] = []  # the translator in use (kept referenced while installed)
_current = ["en"]


# Qt's own strings the window shows (standard dialog buttons, the text fields' context menu): Qt
# ships no Vietnamese for them, so they are translated here, in Qt's contexts; listed for lupdate
QT_OWN = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Undo"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Redo"),
    QT_TRANSLATE_NOOP("QLineEdit", "Cu&t"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Copy"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Paste"),
    QT_TRANSLATE_NOOP("QLineEdit", "Delete"),
    QT_TRANSLATE_NOOP("QLineEdit", "Select All"),
)


def current_language() -> str:
    """The language installed by `install` ("en", the source language, when none was)."""
    return _current[0]


def arg(text: str, *values) -> str:
    """Fill Qt placeholders `%1`, `%2`… of a translated `text` with `values` (in that order).

    Highest number first, so that `%1` never eats the start of `%10`.
    """
    for i in range(len(values), 0, -1):
        text = text.replace(f"%{i}", str(values[i - 1]))
    return text


def qm_path(lang: str) -> Path:
    """The compiled translation of `lang` inside the installed package."""
    return HERE / f"annotator_{lang}.qm"


def system_language() -> str:
    """"vi" when the system locale is Vietnamese, else "en"."""
    return "vi" if QLocale.system().name().lower().startswith("vi") else "en"


def choose_language(settings=None, forced: str | None = None) -> str:
    """`forced` (--lang), else $ANNOTATOR_LANG, else the menu's choice (settings), else the system's.

    Raises ValueError for a language other than those of `LANGUAGES`.
    """
    for value in (forced, os.environ.get(ENV_LANG)):
        if value:
            value = value.strip().lower()
            if value not in LANGUAGES:
                raise ValueError(f"no language {value!r} (vi or en)")
            return value
    if settings is not None:
        chosen = settings.value(SETTINGS_KEY)
        if chosen in LANGUAGES:
            return str(chosen)
    return system_language()


def install(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Load `lang`'s translation into `app` (replacing one installed before); None when it has none.

    English is the source language; its `.qm` is installed too so that the two take the same path.
    """
    uninstall(app)
    translator = QTranslator(app)
    if not translator.load(str(qm_path(lang))):
        return None
    app.installTranslator(translator)
    _installed.append(translator)
    _current[0] = lang
    return translator


def uninstall(app: QCoreApplication) -> None:
    """Back to the source strings (English)."""
    while _installed:
        app.removeTranslator(_installed.pop())
    _current[0] = "en"
