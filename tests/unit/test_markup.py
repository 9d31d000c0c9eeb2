import pytest

from sitegen.content.markup import render_markdown


@pytest.mark.parametrize("text, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ("[x](javascript:alert(1))", "javascript:"),
    ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "alert"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("<iframe src=\"https://evil.example\"></iframe>", "iframe"),
    ("<svg onload=alert(1)></svg>", "svg"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ("<p style=\"background:url(javascript:x)\">x</p>", "style"),
    ("<a href=\"/relatief\">x</a>", "relatief"),
])
def test_nothing_executable_survives(text, forbidden):
    assert forbidden not in render_markdown(text)


def test_safe_links_survive_with_rel():
    html = render_markdown("[site](https://a.nl/) en [mail](mailto:a@b.nl)")
    assert '<a href="https://a.nl/" rel="noopener noreferrer">site</a>' in html
    assert 'href="mailto:a@b.nl"' in html


def test_markdown_constructs_render():
    html = render_markdown("# Kop\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n1. een\n2. twee\n")
    assert "<h2>Kop</h2>" in html  # the page title is the only h1
    assert "<table>" in html and "<td>1</td>" in html
    assert "<pre><code>code\n</code></pre>" in html
    assert "<ol>" in html


# What an editor sees in GitHub's preview of a pull request is what the site shows.
@pytest.mark.parametrize("text, expected", [
    ("Een alinea:\n- een\n- twee\n",
     "<p>Een alinea:</p>\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>"),
    ("- een\n  - genest\n  - ook genest\n- twee\n",
     "<ul>\n<li>een<ul>\n<li>genest</li>\n<li>ook genest</li>\n</ul>\n</li>\n<li>twee</li>\n</ul>"),
    ("Zie https://www.voorbeeld.nl/pad voor meer.\n",
     '<p>Zie <a href="https://www.voorbeeld.nl/pad" rel="noopener noreferrer">https://www.voorbeeld.nl/pad</a>'
     " voor meer.</p>"),
    ("Dit is ~~oud~~ nieuw.\n", "<p>Dit is <del>oud</del> nieuw.</p>"),
    ("| Regio | Aantal |\n|---|---|\n| Drenthe | 3 |\n",
     "<table>\n<thead>\n<tr>\n<th>Regio</th>\n<th>Aantal</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Drenthe</td>\n"
     "<td>3</td>\n</tr>\n</tbody>\n</table>"),
    ("```\nregel één\n```\n", "<pre><code>regel één\n</code></pre>"),
])
def test_github_flavoured_constructs_render_as_github_renders_them(text, expected):
    assert render_markdown(text) == expected
