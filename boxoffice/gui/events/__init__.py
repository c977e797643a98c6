"""The event browser (shared by the Sell tab): paged event model, filter proxy, filter bar and
view."""
