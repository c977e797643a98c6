"""Finding user-visible text in the GUI that is not marked for translation (no Qt needed).

A string literal (or f-string, or ``"..." + ...``, or ``"...".format(...)``) given straight to a Qt
text setter or text-taking constructor, to a message box, to the clerk's message bridge or to the
GUI's own dialog helpers must be wrapped in ``_()`` / ``ngettext()``. Text that is not words (an
empty string, a symbol, a number, a key sequence) is let through by :func:`is_text`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Methods whose string arguments are shown to the clerk.
TEXT_METHODS = frozenset(
    {
        "setText",
        "setWindowTitle",
        "setToolTip",
        "setStatusTip",
        "setWhatsThis",
        "setPlaceholderText",
        "setTitle",
        "setSubTitle",
        "setLabelText",
        "setHeaderLabels",
        "setHorizontalHeaderLabels",
        "setVerticalHeaderLabels",
        "addAction",
        "addMenu",
        "addTab",
        "insertTab",
        "setTabText",
        "setTabToolTip",
        "addItem",
        "addItems",
        "insertItem",
        "setItemText",
        "addRow",
        "insertRow",
        "addButton",
        "setButtonText",
        "setSpecialValueText",
        "setSuffix",
        "setPrefix",
        "showMessage",
        "setInformativeText",
        "setDetailedText",
        "setCancelButtonText",
        "setAccessibleName",
        "setAccessibleDescription",
        "setWindowIconText",
        "setEmptyText",
        "set_text",
        "show_text",
        "show_notice",
    }
)
# Methods whose first string argument is the text and a later one the item's data.
FIRST_TEXT_ONLY = frozenset({"addItem", "insertItem", "addTab", "insertTab", "setItemText"})
# Signals of the message bridge (``ctx.messages.error.emit("...")``).
MESSAGE_SIGNALS = frozenset({"error", "warning", "info"})
# Constructors and helpers whose string arguments are shown.
TEXT_CALLS = frozenset(
    {
        "QLabel",
        "QPushButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QToolButton",
        "QCommandLinkButton",
        "QAction",
        "QMenu",
        "QTableWidgetItem",
        "QListWidgetItem",
        "QTreeWidgetItem",
        "QStandardItem",
        "QProgressDialog",
        "QMessageBox",
        "information",
        "warning",
        "critical",
        "question",
        "about",
        "getText",
        "getInt",
        "getItem",
        "getDouble",
        "getOpenFileName",
        "getSaveFileName",
        "getExistingDirectory",
        "show_box",
        "ask",
        "ElidedLabel",
        # the GUI's own helpers that put their text arguments on screen
        "Column",
        "keyed_action",
        "with_shortcut",
        "show_message",
        "show_error",
        "show_idle",
        "show_problem",
        "startup_error",
        "wait_for",
        "copied",
        "action",
        "set_full_text",
        "_action",
        "_button",
        "_menu_button",
        "_ask_text",
        "_ask_path",
        "_changed",
        "_done",
        "_error",
        "_figure",
        "_finish",
        "_result",
        "_say",
        "_show_error",
        "_show_expected",
        "_show_problem",
        "_test_sent",
        "_poll_failed",
        "_plain",
        "_coverage",
        "_date_edit",
        "_dspin",
    }
)
# Keyword arguments that carry text (others, like ``objectName=``, do not).
# Keyword arguments that carry text, whatever the call (``objectName=`` and the like do not).
TEXT_KEYWORDS = frozenset(
    {
        "text",
        "title",
        "label",
        "tip",
        "toolTip",
        "tooltip",
        "placeholder",
        "message",
        "caption",
        "note",
        "heading",
        "question",
    }
)
STATIC_BOXES = frozenset({"information", "warning", "critical", "question", "about"})
MARKERS = frozenset({"_", "ngettext", "N_"})
_WORD = re.compile(r"[^\W\d_]{2,}")
_TAG = re.compile(r"<[^<>]*>")  # rich-text markup: a whole tag
# Non-text that looks like words: key sequences and Qt format strings.
_NOT_WORDS = re.compile(
    r"^((Ctrl|Alt|Shift|Meta|F\d+|Esc|Enter|Return|Del|Space|Tab)(\+\S+)*"
    r"|[dMyHhmsAaPpz:./ \-,]+"
    r"|error|warning|info|ok"  # a message level, passed beside the text
    r"|[a-z]+([A-Z][a-z0-9]*)+"  # an object name: payNow, reprintButton
    r"|[a-z0-9]+([_.-][a-z0-9]+)+)$"  # a key or file name: theme_dark, sell.png
)


def is_text(value: str) -> bool:
    """Whether *value* reads as words for the clerk (not a symbol, number or key sequence).

    Rich-text markup is not words: ``<div style='font-size:12pt'>`` around a marked text is fine.
    """
    stripped = _TAG.sub(" ", value).strip()
    return bool(_WORD.search(stripped)) and not _NOT_WORDS.match(stripped)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}({self.text!r}) is not marked with _()"


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        if func.attr == "emit" and isinstance(func.value, ast.Attribute):
            return f"{func.value.attr}.emit" if func.value.attr in MESSAGE_SIGNALS else None
        if func.attr in STATIC_BOXES:
            # QMessageBox.warning(...) shows text; log.warning(...) does not.
            owner = func.value
            return func.attr if isinstance(owner, ast.Name) and owner.id == "QMessageBox" else None
        return func.attr
    return None


def bare_text(node: ast.expr) -> Iterator[ast.expr]:
    """The unmarked text pieces in an argument expression."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if is_text(node.value):
            yield node
    elif isinstance(node, ast.JoinedStr):
        words = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        if is_text(words):
            yield node
    elif isinstance(node, ast.IfExp):
        yield from bare_text(node.body)
        yield from bare_text(node.orelse)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        yield from bare_text(node.left)
        if isinstance(node.op, ast.Add):
            yield from bare_text(node.right)
    elif isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in MARKERS:
            return
        if isinstance(func, ast.Attribute) and func.attr in ("format", "join"):
            yield from bare_text(func.value)
    elif isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            yield from bare_text(element)


def _is_stringy(node: ast.expr) -> bool:
    return (
        (isinstance(node, ast.Constant) and isinstance(node.value, str))
        or isinstance(node, ast.JoinedStr | ast.BinOp | ast.IfExp)
        or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in MARKERS
        )
    )


def _text_args(node: ast.Call, name: str | None) -> Iterator[ast.expr]:
    if name in FIRST_TEXT_ONLY:
        # addItem(text, data), addTab(widget, text): the text is the first string; a string
        # after it is the item's data (a key the code reads back), not shown.
        for arg in node.args:
            if _is_stringy(arg):
                yield arg
                break
    elif name is not None and (
        name in TEXT_METHODS or name in TEXT_CALLS or name.endswith(".emit")
    ):
        yield from node.args
    for keyword in node.keywords:
        if keyword.arg in TEXT_KEYWORDS:
            yield keyword.value


def findings_in(source: str, path: str) -> Iterator[Finding]:
    """Every unmarked user-visible text in one module's *source*."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        for arg in _text_args(node, name):
            for piece in bare_text(arg):
                text = ast.get_source_segment(source, piece) or ""
                yield Finding(path, piece.lineno, name, text[:60])


def unmarked(root: Path) -> list[Finding]:
    """Every unmarked user-visible text under *root* (the gui package, or a copy of it)."""
    found: list[Finding] = []
    for path in sorted(root.rglob("*.py")):
        relative = str(path.relative_to(root))
        found.extend(findings_in(path.read_text(encoding="utf-8"), relative))
    return found
