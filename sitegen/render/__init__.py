"""Rendering: the Jinja environment, the page contexts, the list of outputs as tasks, the
open data, template errors as positioned messages. Pure: nothing is written here.

May import: sitegen.model, sitegen.content, sitegen.site, sitegen.incremental."""
