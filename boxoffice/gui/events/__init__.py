"""The event browser: paged event model, filter proxy, filter bar and view."""
