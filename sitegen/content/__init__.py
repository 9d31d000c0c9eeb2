"""Reading and checking content files: finding them (discover), front matter, validation
with positioned messages, Markdown as GitHub reads it, record links, git dates; and the
documents derived from the schema (the editors' field reference, JSON Schemas, issue forms:
`python -m sitegen.content.docs`).

May import: sitegen.model."""
