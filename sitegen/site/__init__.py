"""The linked site: load() reads and checks the content tree and links the records into
one frozen Site (term indexes, backlinks, related initiatives).

May import: sitegen.model, sitegen.content."""
