"""Portuguese (pt_BR) and English: every visible text of the window, its menus and dialogs translated.

The check compares what a person sees under English with what they see under pt_BR: a text
that reads the same in both (and is not a name, number or path) was never translated,
whether it lacks a `tr()` or a catalogue entry. Screenshots of the main views in both
languages, light and dark, at the default size and at 800×600, go to artifacts/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from guihelpers import open_window, screenshot, wait_ingested, write_topic_files
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from vetorbase.gui.about import AboutDialog
from vetorbase.gui.connectdialog import ConnectDialog
from vetorbase.gui.lcimport import LangChainImportDialog
from vetorbase.gui.style import follow_color_scheme

REPO = Path(__file__).resolve().parents[2]
# The same in both languages on purpose: names, symbols, units, examples of syntax.
SAME_IN_BOTH = {"Vetorbase", "Ollama", "Base", "Snapshots", "English", "Português (Brasil)", "✕", "MB", "…",
                "MRR"}  # mean reciprocal rank: the metric's name in both languages
_TAG = re.compile(r"<[^>]+>")


def _norm(text: str) -> str:
    text = _TAG.sub(" ", text or "").replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split())


def _texts(widget: QWidget) -> set[str]:
    out: set[str] = {widget.windowTitle(), widget.toolTip()}
    for w in [widget, *widget.findChildren(QWidget)]:
        out.add(w.toolTip())
        if isinstance(w, QLabel):
            out.add(w.text())
        elif isinstance(w, QAbstractButton):
            out.add(w.text())
        elif isinstance(w, QLineEdit):
            out.add(w.placeholderText())
        elif isinstance(w, QTextEdit):
            out.add(w.placeholderText())
        elif isinstance(w, QGroupBox):
            out.add(w.title())
        elif isinstance(w, QTabWidget):
            out.update(w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QProgressBar):
            out.add(w.format())
        elif isinstance(w, QComboBox):
            out.update(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QMenu):
            out.add(w.title())
            out.update(a.text() for a in w.actions())
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            out.update(str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount()))
    return out


def _visible_words(window, parts: set[str], base: Path, tmp: Path) -> set[str]:
    """Normalised texts worth comparing: words a person reads, not data."""
    keep = set()
    for raw in parts:
        text = _norm(raw)
        if not text or str(base) in raw or str(tmp) in raw or not re.search(r"[A-Za-zÀ-ú]{3,}", text):
            continue
        if text in SAME_IN_BOTH or text == base.name or re.fullmatch(r"[\w.-]+\.(txt|md|pdf)", text):
            continue
        if re.fullmatch(r"(Ollama: )?[\w.-]+:\S+", text):  # embedder ids
            continue
        if re.fullmatch(r"[\w.-]+@[\w.-]+", text):  # origins (program@host) in History
            continue
        keep.add(text)
    return keep


def _everything(qtbot, window, tmp_path: Path) -> set[str]:
    """Open every view and dialog of the window and collect their texts."""
    view = window.view
    parts = _texts(window)
    for menu in window.menuBar().findChildren(QMenu):
        parts.add(menu.title())
        parts.update(a.text() for a in menu.actions())
    view.documents.table.selectRow(0)
    qtbot.waitUntil(lambda: bool(view.documents.detail.toPlainText()), timeout=5000)
    parts.add(view.documents.detail.toPlainText())
    parts.update(label for label, _ in view.documents.context_actions())
    parts.add(window.statusBar().currentMessage())
    view.tabs.setCurrentIndex(1)
    view.search.query_edit.setText("volcano")
    view.search.search_now()
    qtbot.waitUntil(lambda: bool(view.search.model.hits), timeout=10000)
    view.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: bool(view.stats.types.items), timeout=5000)
    parts |= _texts(window)
    parts.add(window.notice_bar.text)
    table = view.ingest.table
    parts.update(table.item(r, c).text() for r in range(table.rowCount()) for c in (1, 4) if table.item(r, c))
    parts |= _newer_views(qtbot, window)
    for dialog in (window.open_settings(), window.open_removal_dialog(), AboutDialog(window),
                   LangChainImportDialog(tmp_path / "lc", tmp_path / "lc-vetorbase", window.prefs, window),
                   ConnectDialog(window)):
        parts |= _texts(dialog)
        dialog.close()
        dialog.deleteLater()
    dialog = window.view.open_reembed_dialog()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10000)
    parts |= _texts(dialog)
    dialog.close()
    for operation in ("check", "compact"):  # compact last: it prunes the log History shows
        dialog = window.run_maintenance(operation)
        parts |= _texts(dialog)  # while it runs
        qtbot.waitUntil(lambda d=dialog: d.done, timeout=60000)
        assert dialog.level == "info", dialog.status.text()
        parts |= _texts(dialog)  # its result
        dialog.close()
    return parts


def _newer_views(qtbot, window) -> set[str]:
    """History, Map and Duplicates tabs, and the document viewer on the selected search hit."""
    view = window.view
    view.search.table.selectRow(0)
    viewer = view.open_current_hit()
    qtbot.waitUntil(lambda: viewer.doc is not None, timeout=10000)
    parts = _texts(viewer)
    from vetorbase.gui.metadataedit import MetadataEditor

    editor = MetadataEditor(viewer.doc.name, viewer.doc.metadata, viewer)
    editor.add_row("sha256", "x")
    editor._accept()  # refused: shows its error text too
    parts |= _texts(editor)
    editor.close()
    viewer.close()
    view.tabs.setCurrentWidget(view.history.parentWidget())
    history = view.history.model
    qtbot.waitUntil(lambda: history.rowCount() > 0, timeout=10000)
    parts |= _texts(window)
    parts.update(str(history.index(r, c).data()) for r in range(history.rowCount()) for c in (2, 3))
    parts.update(str(history.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)).splitlines()[:1])
    view.tabs.setCurrentWidget(view.map.parentWidget())
    qtbot.waitUntil(lambda: bool(view.map.canvas.legend), timeout=30000)
    parts |= _texts(window)
    parts.update(name for name, _colour, _n in view.map.canvas.legend)
    dups = view.duplicates
    view.tabs.setCurrentWidget(dups.parentWidget())
    parts |= _texts(window)  # before a scan
    with qtbot.waitSignal(dups.scanned, timeout=30000):
        dups.find()
    parts |= _texts(window)
    header = dups.tree.headerItem()
    parts.update(header.text(c) for c in range(header.columnCount()))
    parts.update(dups.tree.topLevelItem(i).text(0) for i in range(dups.tree.topLevelItemCount()))
    assert dups.groups, "the filled base holds a copy"
    if dups.groups:
        group = dups.groups[0]
        parts.add(dups.confirmation(group, group.documents[0].id))
    return parts


@pytest.fixture
def filled_base(qtbot, tmp_path: Path, qsettings: QSettings) -> Path:
    window = open_window(qtbot, tmp_path / "base", qsettings)
    files = write_topic_files(tmp_path / "docs")
    (tmp_path / "docs" / "cats-copy.txt").write_bytes(files["cats"].read_bytes())  # for the Duplicates tab
    window.add_paths([str(p) for p in files.values()] + [str(tmp_path / "docs" / "cats-copy.txt"),
                                                          str(tmp_path / "none.xyz")])
    (tmp_path / "none.xyz").write_text("x")
    wait_ingested(qtbot, window)
    window.close()
    return tmp_path / "base"


def _window_in(qtbot, language: str, base: Path, tmp_path: Path):
    settings = QSettings(str(tmp_path / f"settings-{language}.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/language", language)
    window = open_window(qtbot, base, settings)
    extra = tmp_path / f"extra-{language}.txt"  # a commit of this window's own for History
    extra.write_text("Notas sobre o vulcão e a lava. " * 3, encoding="utf-8")
    window.add_paths([str(tmp_path / "none.xyz"), str(tmp_path / "docs" / "cats.txt"), str(extra)])
    wait_ingested(qtbot, window)
    window.view.tabs.setCurrentIndex(0)
    return window


def test_every_visible_text_is_translated_under_pt_br(qtbot, filled_base, tmp_path):
    english = _window_in(qtbot, "en", filled_base, tmp_path)
    en = _visible_words(english, _everything(qtbot, english, tmp_path), filled_base, tmp_path)
    english.close()
    portuguese = _window_in(qtbot, "pt_BR", filled_base, tmp_path)
    assert QLocale().name() == "pt_BR"
    pt = _visible_words(portuguese, _everything(qtbot, portuguese, tmp_path), filled_base, tmp_path)
    assert "&Arquivo" in [a.text() for a in portuguese.menuBar().actions()]
    untranslated = sorted(en & pt)
    assert not untranslated, f"shown in English under pt_BR: {untranslated}"
    assert len(en) > 130, "the walk reached the menus, panes, views and dialogs"
    assert {"History", "Map", "Colour by:", "Compact base", "Check base", "Next chunk ▶"} <= en


def test_numbers_dates_and_sizes_follow_the_locale(qtbot, filled_base, tmp_path):
    from vetorbase.gui import formatting as fmt

    window = _window_in(qtbot, "pt_BR", filled_base, tmp_path)
    assert fmt.count(1234567) == "1.234.567" and fmt.plural(2, "document") == "2 documentos"
    assert fmt.size_bytes(1536) == "1,5 KiB"
    assert re.fullmatch(r"31/12/2026 \d\d:\d\d", fmt.when(1798761540.0 - 3 * 3600 + 0)) or "/" in fmt.when(1798761540.0)
    window.close()
    english = _window_in(qtbot, "en", filled_base, tmp_path)
    assert fmt.count(1234567) == "1,234,567" and fmt.plural(1, "document") == "1 document"
    english.close()


def test_qt_standard_dialog_buttons_are_translated(qtbot, filled_base, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    window = _window_in(qtbot, "pt_BR", filled_base, tmp_path)
    dialog = window.open_settings()
    texts = {b.text().replace("&", "") for b in dialog.findChild(QDialogButtonBox).buttons()}
    assert "Cancelar" in texts and "Cancel" not in texts
    dialog.reject()


def test_language_can_be_switched_in_settings(qtbot, window):
    from dataclasses import replace

    window.apply_prefs(replace(window.prefs, language="pt_BR"))
    qtbot.waitUntil(lambda: window.view.is_open, timeout=30000)
    assert [a.text() for a in window.menuBar().actions()][:2] == ["&Arquivo", "&Editar"]
    assert window.view.tabs.tabText(0) == "Documentos"
    window.apply_prefs(replace(window.prefs, language="en"))
    qtbot.waitUntil(lambda: window.view.is_open, timeout=30000)
    assert window.view.tabs.tabText(0) == "Documents"


def test_catalogues_are_current_and_complete():
    """A new `tr()` text without a translation, or a .qm not rebuilt from its .ts, fails here."""
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "translations.py"), "--check"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("language", ["en", "pt_BR"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_main_views(qtbot, filled_base, tmp_path, artifacts_dir, language, scheme):
    app = QApplication.instance()
    try:
        window = _window_in(qtbot, language, filled_base, tmp_path)  # applies the system style first
        follow_color_scheme(app, Qt.ColorScheme.Dark if scheme == "dark" else Qt.ColorScheme.Light)
        dark = window.palette().window().color().lightness() < 80
        assert dark == (scheme == "dark")
        view = window.view
        view.documents.table.selectRow(0)
        qtbot.waitUntil(lambda: bool(view.documents.detail.toPlainText()), timeout=5000)
        for size in ((1180, 760), (800, 600)):
            window.resize(*size)
            qtbot.wait(50)
            tag = f"{language}-{scheme}-{size[0]}x{size[1]}"
            view.tabs.setCurrentIndex(0)
            qtbot.wait(50)
            screenshot(window, artifacts_dir, f"i18n-{tag}-1-documents")
            view.tabs.setCurrentIndex(1)
            view.search.query_edit.setText("volcano")
            view.search.search_now()
            qtbot.waitUntil(lambda: bool(view.search.model.hits) and view.search.answered == view.search._generation,
                            timeout=10000)
            screenshot(window, artifacts_dir, f"i18n-{tag}-2-search")
            view.tabs.setCurrentIndex(2)
            qtbot.wait(50)
            screenshot(window, artifacts_dir, f"i18n-{tag}-3-add-files")
            view.tabs.setCurrentIndex(3)
            qtbot.waitUntil(lambda: bool(view.stats.types.items), timeout=5000)
            screenshot(window, artifacts_dir, f"i18n-{tag}-4-stats")
            view.tabs.setCurrentWidget(view.history.parentWidget())
            qtbot.waitUntil(lambda: view.history.model.rowCount() > 0, timeout=10000)
            screenshot(window, artifacts_dir, f"i18n-{tag}-5-history")
            view.tabs.setCurrentWidget(view.map.parentWidget())
            qtbot.waitUntil(lambda: bool(view.map.canvas.legend) and not view.map.stale, timeout=30000)
            qtbot.wait(50)
            screenshot(window, artifacts_dir, f"i18n-{tag}-6-map")
        dialogs = (("settings", window.open_settings()), ("removal", window.open_removal_dialog()),
                   ("langchain-import", LangChainImportDialog(tmp_path / "lc", tmp_path / "lc-vetorbase", window.prefs,
                                                              window)),
                   ("connect-to-server", ConnectDialog(window)))
        for name, dialog in dialogs:
            dialog.show()
            qtbot.wait(150)
            screenshot(dialog, artifacts_dir, f"i18n-{language}-{scheme}-dialog-{name}")
            dialog.reject()
        view.tabs.setCurrentIndex(1)
        view.search.table.selectRow(0)
        viewer = view.open_current_hit()
        qtbot.waitUntil(lambda: viewer.doc is not None, timeout=10000)
        screenshot(viewer, artifacts_dir, f"i18n-{language}-{scheme}-dialog-document-viewer")
        viewer.close()
        for operation in ("check", "compact"):
            dialog = window.run_maintenance(operation)
            qtbot.waitUntil(lambda d=dialog: d.done, timeout=60000)
            qtbot.wait(50)
            screenshot(dialog, artifacts_dir, f"i18n-{language}-{scheme}-dialog-{operation}")
            dialog.close()
        window.close()
    finally:
        follow_color_scheme(app, Qt.ColorScheme.Light)


SYSTEM_LANGUAGE = """
import sys
import vetorbase.gui.app as gui_app
window = gui_app.build_main_window(sys.argv[1])
print("MENUS", [a.text() for a in window.menuBar().actions()], flush=True)
window.close()
"""


@pytest.mark.parametrize(("lang", "file_menu"), [("pt_BR.UTF-8", "&Arquivo"), ("en_GB.UTF-8", "&File"),
                                                 ("C.UTF-8", "&File")])
def test_the_language_follows_the_system_by_default(tmp_path, lang, file_menu):
    import os

    env = {**os.environ, "LANG": lang, "LC_ALL": lang, "LANGUAGE": "", "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(REPO / "app")}
    done = subprocess.run([sys.executable, "-c", SYSTEM_LANGUAGE, str(tmp_path / "base")], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"MENUS ['{file_menu}'" in done.stdout
