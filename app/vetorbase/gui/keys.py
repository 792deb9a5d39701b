"""The window's keyboard: tab switching, Ctrl+F, and an Esc that does the expected thing.

Ctrl+Tab / Ctrl+PgDn (and back with Shift / PgUp) and Alt+1…8 (one per tab) work wherever
the focus is, tables included; the tab bar then takes the focus, so its outline shows where
it is. Esc empties the box being typed in (search, filter) and otherwise cancels the ingestion.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit

TAB_STEPS = (("Ctrl+Tab", 1), ("Ctrl+PgDown", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+PgUp", -1))


def install_shortcuts(window: Any) -> None:
    QShortcut(QKeySequence("Ctrl+F"), window, window.focus_search)
    QShortcut(QKeySequence(Qt.Key.Key_Escape), window, lambda: escape(window))
    for keys, step in TAB_STEPS:
        QShortcut(QKeySequence(keys), window, lambda s=step: step_tab(window, s))
    # Documents, Search, Add files, Stats, History, Map, Test retrieval, Duplicates, Folders
    # and Trash: Alt+1 … Alt+9, then Alt+0 for the tenth.
    for i in range(10):
        QShortcut(QKeySequence(f"Alt+{(i + 1) % 10}"), window, lambda i=i: show_tab(window, i))


def show_tab(window: Any, index: int) -> None:
    view = window.view
    if view is not None and 0 <= index < view.tabs.count():
        view.tabs.setCurrentIndex(index)
        view.tabs.tabBar().setFocus(Qt.FocusReason.ShortcutFocusReason)


def step_tab(window: Any, step: int) -> None:
    if window.view is not None:
        show_tab(window, (window.view.tabs.currentIndex() + step) % window.view.tabs.count())


def escape(window: Any) -> None:
    focus = window.focusWidget()
    if isinstance(focus, QLineEdit) and focus.text():
        focus.clear()
        return
    window.cancel()
