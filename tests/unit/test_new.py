
import pytest

from sitegen.new import slugify


@pytest.mark.parametrize("title, slug", [
    ("Techniek in Zuidoost-Brabant!", "techniek-in-zuidoost-brabant"),
    ("Coöperatie Primair Onderwijs", "cooperatie-primair-onderwijs"),
    ("  HOC Opleiding & Training ", "hoc-opleiding-training"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize("kind, folder", [("initiative", "initiatives"), ("organisation", "organisations"),
                                          ("news", "news"), ("page", "pages")])
def test_new_writes_a_file_that_validates(make_site, run, kind, folder):
    make_site()
    status, out, _ = run("new", kind, "Samen Sterk: Techniek in Assen")
    assert status == 0
    assert f"content/{folder}/samen-sterk-techniek-in-assen.md" in out
    assert run("check")[0] == 0
    assert run("new", kind, "Samen Sterk: Techniek in Assen")[0] == 1  # never overwrites
