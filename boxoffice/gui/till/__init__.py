"""The Till tab: this desk's cash session (open, pay in/out, drawer, close with sign-off)."""
