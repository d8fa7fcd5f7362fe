"""/api/v1/ says what the API offers; /api/v1/schema/ is its OpenAPI document (this API only);
/api/v1/docs/ is the reference page, every file of it served by the project (no CDN)."""
import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_root_names_the_schema_the_docs_and_each_part(client):
    body = client.get("/api/v1/").json()
    assert body["schema"].endswith("/api/v1/schema/") and body["docs"].endswith("/api/v1/docs/")
    assert body["catalogue"]["items"].endswith("/api/v1/catalogue/items/")
    assert body["agencies"].endswith("/api/v1/agencies/")


def test_the_openapi_document_describes_this_api_only(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "中介超市 API"
    assert set(schema["paths"]) >= {"/api/v1/catalogue/items/", "/api/v1/catalogue/items/{code}/",
                                     "/api/v1/catalogue/items/{code}/fee/"}
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_the_reference_page_uses_only_the_projects_own_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in html
    for address in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert address.startswith("/"), address
