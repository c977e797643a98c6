"""Thermal (ESC/POS) receipt and ticket printers, beside the CUPS/QPrinter path of the GUI.

- ``thermal``: which printer a desk uses (network port 9100, USB, or a raw CUPS queue), checked.
- ``raster``: a ticket layout page drawn as a 1-bit image the width of the paper roll.
- ``escpos_out``: the ESC/POS bytes (python-escpos) and sending them; the drawer kick.

No Qt here: the GUI runs these on a worker thread and remembers the choice per desk.
No re-exports: import the module you need.
"""
