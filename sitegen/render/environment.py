"""The Jinja environment pages are rendered with: loader, filters, globals, the site's URLs.

Every template an output loads and every helper reading site.yml notes its token
(registry.TEMPLATE, registry.SETTINGS); everything else templates see is the SiteView."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup

from sitegen.content.markup import render_markdown, site_links
from sitegen.incremental.reads import Recorder, SiteView, unwrap
from sitegen.incremental.registry import SETTINGS, TEMPLATE
from sitegen.model import geo, kinds, sitefacts, urls
from sitegen.model.models import Record
from sitegen.model.schema import INITIATIVE, ORGANISATION, TAXONOMY_INFO
from sitegen.render.contexts import structured_data

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
# Only the site's own scripts run. Pagefind needs WebAssembly ('wasm-unsafe-eval') and
# starts its search worker from a blob: URL. JSON-LD is a data block, not a script.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
                           "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'")


def dutch_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


class _NotingEnvironment(jinja2.Environment):
    """Notes every template an output loads: itself, what it extends, includes or imports
    (compiled templates load those through get_template)."""

    recorder: Recorder

    def get_template(self, name, parent=None, globals=None):
        template = super().get_template(name, parent, globals)
        self.recorder.note(TEMPLATE(template.name))
        return template

    def select_template(self, names, parent=None, globals=None):  # {% include ["a.html", "b.html"] %}
        template = super().select_template(names, parent, globals)
        self.recorder.note(TEMPLATE(template.name))
        # The ones before it were looked for and not found: if one appears, the choice changes.
        for name in names:
            if name == template.name:
                break
            self.recorder.note(TEMPLATE(self.join_path(name, parent) if parent else name))
        return template


class _Settings:
    """site.yml as templates see it (`config.title`), each read noted."""

    def __init__(self, view: SiteView):
        self._view = view

    def __getattr__(self, name: str):
        return getattr(self._view.config, name)


def make_environment(templates_dir: Path, view: SiteView, compiled: jinja2.BytecodeCache | None = None,
                     markdown_html: dict | None = None) -> jinja2.Environment:
    """The Jinja environment of one build, every read through `view` noted by its recorder.

    compiled: templates compiled by earlier builds (memo.CompiledTemplates); markdown_html:
    bodies already rendered, by record source (others are rendered when shown)."""
    env = _NotingEnvironment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=compiled,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one environment per build: no need to look at the files again
    )
    env.recorder = view.recorder
    config = view._site.config  # read here only for the URL prefix; each helper notes "settings" when used
    prefix = urls.base_path(config)
    root = config.base_url

    def settings(make: Callable) -> Callable:
        def noted(*args):
            view.recorder.note(SETTINGS())
            return make(*args)
        return noted

    env.globals.update(
        content_security_policy=CONTENT_SECURITY_POLICY,
        site=view,
        config=_Settings(view),
        taxonomy_info=TAXONOMY_INFO,
        kinds=kinds.BY_KIND,
        facets=kinds.BY_TAXONOMY,
        start_year_facet=kinds.START_YEAR,
        search_facets=kinds.SEARCH_FACETS,
        initiative_facets=kinds.INITIATIVE_FACETS,
        search_config=kinds.search_config,
        initiative_fields=INITIATIVE.by_name,
        organisation_fields=ORGANISATION.by_name,
        url=settings(lambda path="": prefix + path),
        absolute_url=settings(lambda path="": root + path),
        record_url=settings(lambda record: prefix + urls.record_path(unwrap(record))),
        term_url=settings(lambda term: prefix + urls.term_path(term)),
        edit_url=settings(lambda record: urls.edit_url(config, record)),
        correction_link=settings(lambda record: urls.correction_link(config, record)),
        file_url=settings(lambda record: urls.file_url(config, record)),
        proposal_links=settings(lambda: urls.proposal_links(config)),
        test_tools=sitefacts.test_tools,  # part of the cache's key: no token needed
        empty_issue_form_url=settings(lambda: urls.empty_issue_form_url(config)),
        paths=urls,
        region_map=geo.region_shapes(),
        province_map=geo.province_shapes(),
        term_counts=view.term_counts,
        naming_counts=view.naming_counts,
        region_counts=lambda key: view.term_counts("regions")[key],
        shade=lambda count: geo.shade_class(count, max(view.term_counts("regions").values(), default=0)),
        map_legend=lambda: geo.legend(max(view.term_counts("regions").values(), default=0)),
        structured_data=lambda record: structured_data(view, record, root),
    )
    env.filters["markdown"] = settings(lambda record: _body_html(record, prefix, markdown_html))
    env.filters["dutch_date"] = dutch_date
    env.filters["json_script"] = _json_for_script
    return env


def _body_html(record: Record, prefix: str, rendered: dict | None) -> Markup:
    """A record's body as safe HTML, from the rendered bodies when there, its record links on this site."""
    folder = urls.content_folder(record)
    html = (rendered or {}).get(record.source) or render_markdown(record.body, folder)
    return Markup(site_links(html, prefix))


def _json_for_script(value) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' escaped so nothing can close the tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


