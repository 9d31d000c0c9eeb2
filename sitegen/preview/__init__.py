"""`serve`: the live preview. A session owns one memo and rebuilds on every save.

May import: everything but sitegen.commands."""
