"""Manager tabs (event editor, venue designer, and the other back-office screens).

Widgets here call services only, always through ``ctx.tasks``; they never import the database
layer.
"""
