"""The build: its stages in order (build.py), the Markdown bodies, making the outputs
(carried over or rendered in forked workers) and collecting what they made.

May import: model, content, site, incremental, render, publish."""
