"""Manager tabs (event editor, venue designer, and the other back-office screens).

Each subfolder is one feature (one tab); none imports another. Widgets call services only,
through ``ctx.services``; they never import the database layer.
"""
