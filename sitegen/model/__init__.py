"""What the site is made of, before any file is read: the content schema, the record
models and kinds, the URL scheme, slugs, places and the map's geodata, the issue forms.

Pure definitions and small helpers; no I/O except reading the package's own data.
Imports nothing from the other sub-packages (they all build on this one)."""
