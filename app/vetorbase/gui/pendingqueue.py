"""Quitting during an ingestion: ask, and keep the files not yet added for the next start.

Dropping the queue silently (17 of 150 files committed, the rest forgotten) is the one
outcome a person cannot notice; so the window asks, rolls back the file in progress (an
ingestion is per file, all or nothing), saves the rest per base in the settings, and
queues them again when that base is next opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from vetorbase.gui import formatting as fmt
from vetorbase.gui.settings import load_pending, save_pending



def ask_to_quit_during_ingestion(window: Any) -> bool:
    """True when the person chose to quit; the files still queued are then saved."""
    view = window.view
    pending = view.ingest.pending_paths()
    title = QCoreApplication.translate("MainWindow", "Files are still being added")
    text = QCoreApplication.translate("MainWindow", "%1 are still waiting to be added to the base.")
    box = QMessageBox(QMessageBox.Icon.Question, title, text.replace("%1", fmt.plural(len(pending), "file")),
                      parent=window)
    box.setInformativeText(QCoreApplication.translate(
        "MainWindow", "If you quit now, the file in progress is rolled back and the rest stay "
                      "queued: they are added when you open this base again."))
    quit_button = box.addButton(QCoreApplication.translate("MainWindow", "Quit and resume later"),
                                QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("MainWindow", "Keep adding"), QMessageBox.ButtonRole.RejectRole)
    window.last_question = box
    box.exec()
    window.last_question = None
    if box.clickedButton() is not quit_button:
        return False
    keep_pending(window)
    return True


def keep_pending(window: Any) -> None:
    """Save the files not yet added (the one in progress included) for the next start."""
    view = window.view
    save_pending(window.settings, str(view.base_path), view.ingest.pending_paths())


def resume_pending(window: Any, view: Any) -> None:
    """Queue again what the last quit left for this base (files that still exist)."""
    waiting = [p for p in load_pending(window.settings).get(str(view.base_path), []) if Path(p).exists()]
    save_pending(window.settings, str(view.base_path), [])
    if waiting:
        text = QCoreApplication.translate("MainWindow", "Resuming the files left in the queue when Vetorbase "
                                                        "last quit: %1.")
        window.notify("info", text.replace("%1", fmt.plural(len(waiting), "file")))
        view.add_paths(waiting)
