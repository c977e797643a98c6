"""First-run set-up of a desk: try the demo, or connect it to the box-office server."""
