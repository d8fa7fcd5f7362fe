"""The Wagtail page tree of the public site: Site root → HomePage → catalogue, directory,
notices, credit (→ blacklist, red list), fees, statistics, contracts (→ model contracts),
contact and prose pages. Pages are created when their slug is missing and then left to the
editors."""
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import (
    BlacklistPage,
    CatalogueIndexPage,
    ContactPage,
    ContractTemplatesPage,
    CreditIndexPage,
    DirectoryIndexPage,
    FeeRulesPage,
    HomePage,
    NoticesIndexPage,
    RedListPage,
    StandardPage,
    StatisticsPage,
)

from . import pages, pages_en


@transaction.atomic
def ensure_page_tree(counter=None, *, english=False):
    """The site's page tree in Chinese and, with `english`, its English translation (the demo
    has both; most tests need only the one the site is written in, and the translation doubles
    the time the tree takes to build)."""
    home = _home(counter)
    _child(home, CatalogueIndexPage, "catalogue", pages.CATALOGUE, counter, show_in_menus=False)
    _child(home, DirectoryIndexPage, "agencies", pages.DIRECTORY, counter, show_in_menus=False)
    _child(home, NoticesIndexPage, "notices", pages.NOTICES, counter, show_in_menus=False)
    credit = _child(home, CreditIndexPage, "credit", pages.CREDIT, counter, show_in_menus=False)
    _child(credit, BlacklistPage, "blacklist", pages.BLACKLIST, counter, show_in_menus=False)
    _child(credit, RedListPage, "redlist", pages.REDLIST, counter, show_in_menus=False)
    _child(home, FeeRulesPage, "fees", pages.FEES, counter, show_in_menus=False)
    _child(home, ContactPage, "contact", pages.CONTACT, counter, show_in_menus=False)
    _child(home, StatisticsPage, "statistics", pages.STATISTICS, counter, show_in_menus=False)
    contracts = _child(home, StandardPage, "contracts", pages.CONTRACTS, counter, show_in_menus=False)
    _child(contracts, ContractTemplatesPage, "templates", pages.TEMPLATES, counter, show_in_menus=False)
    for spec in pages.STANDARD_PAGES:
        fields = {k: v for k, v in spec.items() if k != "slug"}
        _child(home, StandardPage, spec["slug"], fields, counter, show_in_menus=True)
    if english:
        _english_tree(home, counter)
    return home


def _english_tree(home, counter):
    """The English translation of each page that core/demo/pages_en.py has words for, made as an
    editor makes one with simple translation: a copy for translation under the translated parent,
    the English words written in, published. A page already translated is the editors'."""
    english, _created = Locale.objects.get_or_create(language_code="en")
    for page in home.get_descendants(inclusive=True).specific().order_by("path"):   # parents first
        words = pages_en.BY_SLUG.get(page.slug)
        if words is None or page.has_translation(english):
            continue
        parent = page.get_parent()
        if parent.depth > 1 and not parent.has_translation(english):
            continue
        translation = page.copy_for_translation(english)
        for name, value in words.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        _note(counter, type(page))


def _home(counter):
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own "Welcome to your new Wagtail site!" page holds the slug "home":
        # it is a plain Page with nothing under it, so the real home page replaces it.
        for welcome in root.get_children().filter(slug="home"):
            if welcome.specific_class is Page and not welcome.get_children().exists():
                welcome.delete()
        home = HomePage(slug="home", **pages.HOME)
        root.add_child(instance=home)
        home.save_revision().publish()
        _note(counter, HomePage)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="中介超市")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or "中介超市"
        site.save()
    return home


def _child(parent, page_class, slug, fields, counter, *, show_in_menus):
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = page_class(slug=slug, show_in_menus=show_in_menus, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    _note(counter, page_class)
    return page


def _note(counter, model):
    if counter is not None:
        counter.note(model, True, False)
