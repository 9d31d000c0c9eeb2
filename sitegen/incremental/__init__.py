"""Incremental state: what an output read, what that is worth now, and what one build
hands the next.

registry.py declares every kind of dependency; reads.py records reads through the SiteView;
plan.py decides which outputs are carried over; parts.py keeps cards and rows; memo.py is
the one object kept between builds, cache.py its store on disk.

May import: sitegen.model, sitegen.content, sitegen.site."""
