"""No traceback ever reaches a user: 400, 403, 404 and 500 are our own pages, in the user's language."""
import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_errors")]


@pytest.fixture
def visitor(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def page(response):
    return response.content.decode()


def test_a_missing_page_gives_our_404_page_in_chinese(visitor):
    response = visitor.get("/no-such-page/here/")

    assert response.status_code == 404
    assert '<html lang="zh-hans">' in page(response)
    assert "页面不存在" in page(response)
    assert "返回首页" in page(response)


def test_a_failing_view_gives_our_500_page_and_no_traceback(visitor):
    response = visitor.get("/_test/boom/")

    assert response.status_code == 500
    assert "系统繁忙" in page(response)
    assert "secret-internal-detail" not in page(response)
    assert "Traceback" not in page(response)
    assert "RuntimeError" not in page(response)


def test_the_500_page_still_renders_when_the_page_header_cannot_be_built(visitor, monkeypatch):
    def broken_nav(request):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("core.context_processors.frame", broken_nav)
    from django.template import engines

    # The engine caches its context processors: point it at the broken one for this test.
    monkeypatch.setattr(engines["django"].engine, "template_context_processors", (broken_nav,))

    response = visitor.get("/_test/boom/")

    assert response.status_code == 500
    assert "系统繁忙" in page(response)
    assert "database went away" not in page(response)


def test_permission_denied_gives_our_403_page(visitor):
    response = visitor.get("/_test/forbidden/")

    assert response.status_code == 403
    assert "无权访问" in page(response)
    assert "secret-internal-detail" not in page(response)


def test_a_suspicious_request_gives_our_400_page(visitor):
    response = visitor.get("/_test/suspicious/")

    assert response.status_code == 400
    assert "请求有误" in page(response)
    assert "secret-internal-detail" not in page(response)


def test_switching_to_english_is_remembered_and_served(visitor):
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/no-such-page/"})

    assert response.status_code == 302
    assert response["Location"] == "/no-such-page/"
    assert response.cookies["django_language"].value == "en"

    assert '<html lang="en">' in page(visitor.get("/no-such-page/"))


def test_an_unknown_language_is_not_set(visitor):
    response = visitor.post("/i18n/setlang/", {"language": "xx", "next": "/no-such-page/"})

    assert response.status_code == 302
    assert "django_language" not in response.cookies
    assert '<html lang="zh-hans">' in page(visitor.get("/no-such-page/"))


@pytest.mark.django_db
def test_chinese_is_served_whatever_the_browser_asks_until_english_is_chosen(client):
    page = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-hans">' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="en">' in page.content.decode()
