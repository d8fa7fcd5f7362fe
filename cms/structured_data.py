"""Structured data (schema.org as JSON-LD) for the pages where search engines and assistants use
it: the site and its search box, a catalogue item as a government service with its fee rule's
basis, an agency as an organisation. Built from what the page already read; no query of its own.
Rendered in the page's head by `{{ structured_data|json_ld }}` (core/templatetags/pages.py)."""
from django.conf import settings

from core.notifications import absolute_url


def website(site_name, search_path):
    return {
        "@context": "https://schema.org", "@type": "WebSite", "name": site_name, "url": absolute_url("/"),
        "inLanguage": [code for code, _name in settings.LANGUAGES],
        "potentialAction": {"@type": "SearchAction", "target": absolute_url(search_path) + "?q={q}",
                            "query-input": "required name=q"},
    }


def service_item(item, url):
    data = {
        "@context": "https://schema.org", "@type": "GovernmentService", "name": item.name,
        "identifier": item.code, "url": absolute_url(url), "serviceType": item.category.name,
        "provider": {"@type": "GovernmentOrganization", "name": item.approving_department.name},
        "areaServed": item.approving_department.region.full_name,
    }
    if item.description:
        data["description"] = item.description
    rule = item.government_fee_rule
    if rule is not None:
        data["termsOfService"] = rule.legal_basis
    return data


def agency(organisation, url):
    data = {
        "@context": "https://schema.org", "@type": "Organization", "name": organisation.name,
        "identifier": organisation.uscc, "url": absolute_url(url),
        "address": {"@type": "PostalAddress", "streetAddress": organisation.address,
                    "addressRegion": organisation.region.full_name, "addressCountry": "CN"},
    }
    if organisation.contact_phone:
        data["telephone"] = organisation.contact_phone
    return data
