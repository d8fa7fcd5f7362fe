"""The charting library is served from the project's static files, built from npm by
scripts/assets and committed (a clean clone needs no npm): the committed file is the version
package-lock.json pins, with its licence."""
import json
import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
VENDOR = BASE / "static" / "vendor" / "chart.js"


def test_the_committed_chart_js_is_the_locked_version_with_its_licence():
    lock = json.loads((BASE / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/chart.js"]["version"]
    assert (VENDOR / "VERSION").read_text().strip() == version
    assert f"Chart.js v{version}" in (VENDOR / "chart.umd.min.js").read_text()[:200]
    assert "MIT License" in (VENDOR / "LICENSE.md").read_text()
    assert (VENDOR / "LICENSE-kurkle-color.md").exists()


def test_the_built_file_names_no_missing_source_map():
    # collectstatic's manifest storage (production) fails on a reference to a file not shipped.
    assert "sourceMappingURL" not in (VENDOR / "chart.umd.min.js").read_text()


def test_the_statistics_script_runs_no_code_from_the_page_and_loads_nothing_from_elsewhere():
    script = (BASE / "static" / "js" / "statistics.js").read_text()
    assert "JSON.parse" in script
    for forbidden in ("eval(", "new Function", "innerHTML", "http://", "https://"):
        assert forbidden not in script


def test_no_template_of_the_site_loads_a_script_or_stylesheet_from_elsewhere():
    pattern = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["\']?(?:https?:)?//', re.I)
    offenders = []
    for template in BASE.glob("*/templates/**/*.html"):
        if pattern.search(template.read_text(encoding="utf-8")):
            offenders.append(str(template.relative_to(BASE)))
    assert not offenders
