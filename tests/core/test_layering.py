"""The arrows of the README hold in templates too, where import-linter cannot look: a template
links through URL names of its own app or of the apps below it, and to pages of other apps
through the navigation registry (`{% page_url %}`), never by a typed path."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Lowest first: an app may use the URL names of its own layer and the layers below it.
LAYERS = ["core", "audit", "accounts", "providers", "marketplace", "bidding", "contracts", "oversight", "reviews",
          "search", "cms"]
NAMESPACE_APP = {
    "core": "core", "audit": "audit", "providers": "providers", "providers_regulator": "providers",
    "files": "providers", "regulator": "marketplace", "agency_services": "marketplace",
    "bidding": "bidding", "bidding_regulator": "bidding", "bidding_files": "bidding",
    "contracts": "contracts", "contracts_regulator": "contracts", "contracts_public": "contracts",
    "contracts_files": "contracts", "payments": "contracts",
    "oversight": "oversight", "oversight_regulator": "oversight", "oversight_files": "oversight",
    "reviews": "reviews", "reviews_regulator": "reviews", "reviews_files": "reviews",
    "search": "search", "search_regulator": "search",
}
URL_TAG = re.compile(r"""{%\s*url\s+['"]([a-z_]+):""")
# A path typed into a link: href="/…" (the site's own pages), except static files.
TYPED_PATH = re.compile(r"""href="/(?!static/)[^"{]*""")


def _templates():
    for app in LAYERS:
        for path in sorted((ROOT / app / "templates").rglob("*.html")) if (ROOT / app / "templates").exists() else []:
            yield app, path


TEMPLATES = list(_templates())


@pytest.mark.parametrize("app,path", TEMPLATES, ids=[str(p.relative_to(ROOT)) for _a, p in TEMPLATES])
def test_templates_link_only_to_their_own_app_or_below(app, path):
    text = path.read_text(encoding="utf-8")
    upward = [ns for ns in URL_TAG.findall(text)
              if ns in NAMESPACE_APP and LAYERS.index(NAMESPACE_APP[ns]) > LAYERS.index(app)]
    assert upward == [], f"{path.relative_to(ROOT)} links upward to {sorted(set(upward))}"


@pytest.mark.parametrize("app,path", TEMPLATES, ids=[str(p.relative_to(ROOT)) for _a, p in TEMPLATES])
def test_templates_type_no_paths(app, path):
    typed = TYPED_PATH.findall(path.read_text(encoding="utf-8"))
    assert typed == [], f"{path.relative_to(ROOT)} types paths: {typed}"


SITE_SECTIONS = ("notices|workspace|regulator|catalogue|agencies|files|credit|audit|accounts|contracts|payments|"
                 "complaints|inspections|statistics")
PY_PATH = re.compile(r"""[f]?["'](/(?:""" + SITE_SECTIONS + r""")/[^"']*)["']""")


def _modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and "demo" not in path.parts:
                yield path


MODULES = list(_modules())


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_code_types_no_paths(path):
    """Links come from reverse() or the page tree (core.navigation.page_url); a docstring may
    still name a path."""
    source = path.read_text(encoding="utf-8")
    code = re.sub(r'"""(?:.|\n)*?"""', "", source)
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("#"))
    typed = PY_PATH.findall(code)
    assert typed == [], f"{path.relative_to(ROOT)} types paths: {typed}"
