"""Writing the site: the staging folder, files written or carried over, the atomic
publish, the link check of the finished pages, the Pagefind index.

May import every sub-package above it in the pipeline: model, content, site, incremental, render."""
