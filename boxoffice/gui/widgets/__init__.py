"""Widgets and models every screen may use: the table-model base (with paging), record columns,
list tables, the inline confirm bar and shortcut tooltips. They import no screen."""
