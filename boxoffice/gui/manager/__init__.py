"""Manager tabs: the event editor (``events``) and the venue layout designer (``venues``).

Widgets here call services only (boxoffice.services.events*, venues*), always through
``ctx.tasks``; they never import the database layer.
"""
