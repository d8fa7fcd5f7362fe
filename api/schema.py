"""The OpenAPI document (drf-spectacular): only this API's endpoints (the Wagtail admin has its
own, internal ones)."""

PREFIX = "/api/v1/"


def only_this_api(endpoints, **_kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]
