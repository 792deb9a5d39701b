"""The window's language: English or Brazilian Portuguese, chosen in Settings or by the system.

Our texts are compiled Qt Linguist catalogues shipped in `vetorbase.resources/i18n`
(regenerate them with `python scripts/translations.py`); Qt's own `qtbase_*.qm` translate
the standard dialogs and buttons. `QLocale.setDefault` makes every `QLocale()` used for
numbers, dates and sizes follow the same choice, so "1.234,5" never sits next to "Open".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from vetorbase.gui.assets import resource_dir

SYSTEM = "system"
#: (setting value, name shown in Settings); names are never translated: each in its own language.
LANGUAGES = ((SYSTEM, ""), ("en", "English"), ("pt_BR", "Português (Brasil)"))
CATALOGUE = "vetorbase"

_installed: list[QTranslator] = []


def i18n_dir() -> Path:
    """Where the compiled catalogues live (the package's resources, or the checkout's)."""
    return resource_dir() / "i18n"


def qt_translations_dir() -> Path:
    """Qt's own translations; PySide6's wheel (and the PyInstaller bundle) keep them here."""
    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if path.is_dir():
        return path
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "translations"


def resolve(choice: str) -> QLocale:
    """The locale a setting means; a "C" system locale (servers, CI) reads as US English."""
    if choice == "pt_BR":
        return QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)
    if choice == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    system = QLocale.system()
    if system.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return system


def catalogue_language(locale: QLocale) -> str:
    """Which of our catalogues serves `locale`: any Portuguese gets pt_BR, the rest English."""
    return "pt_BR" if locale.language() == QLocale.Language.Portuguese else "en"


def install_language(choice: str = SYSTEM) -> QLocale:
    """Replace the installed translators with those for `choice`; returns the locale in use.

    English also loads a catalogue: it holds only the plural forms ("1 document",
    "2 documents") of sources written as "%n document(s)".
    """
    app = QCoreApplication.instance()
    locale = resolve(choice)
    QLocale.setDefault(locale)
    if app is None:
        return locale
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    lang = catalogue_language(locale)
    wanted = [(i18n_dir(), f"{CATALOGUE}_{lang}.qm")]
    if lang != "en":
        wanted.append((qt_translations_dir(), f"qtbase_{lang}.qm"))
    for folder, name in wanted:
        translator = QTranslator(app)
        if translator.load(str(folder / name)):
            app.installTranslator(translator)
            _installed.append(translator)
    return locale


def current_language() -> str:
    """"pt_BR" or "en": the catalogue the window speaks now."""
    return catalogue_language(QLocale())
