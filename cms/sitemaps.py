"""The sitemap (/sitemap.xml): an index of sections, each paged by Django at 50,000 addresses —
the site's Wagtail pages (live and public), the catalogue's items, the agencies of the directory
and the public notices. Each section reads its objects through the selector its pages use, so
nothing a page would not show is listed (no draft notice, no agency that is not listed)."""
from django.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from bidding.selectors import public
from core.navigation import page_url
from marketplace.selectors.catalogue import catalogue_items
from providers.selectors import agencies


class ItemSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return list(catalogue_items().values_list("code", flat=True))

    def location(self, code):
        return page_url("service_item", code)


class AgencySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return agencies().order_by("pk").values_list("uscc", flat=True)

    def location(self, uscc):
        return page_url("agency_profile", uscc)


class NoticeSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return public.public_jobs().values_list("pk", "published_at")

    def location(self, row):
        return page_url("job_notice", row[0])

    def lastmod(self, row):
        return row[1]


SITEMAPS = {"pages": PageSitemap, "items": ItemSitemap, "agencies": AgencySitemap, "notices": NoticeSitemap}
