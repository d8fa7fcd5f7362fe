"""Reads of contract templates: the public list, one template's versions, the version a job's
contract takes."""
from django.db.models import Prefetch, Q

from ..models import ContractTemplate, TemplateVersion

PUBLISHED = TemplateVersion.Status.PUBLISHED


def published_templates():
    """Templates with at least one published version, each with its published versions
    (newest first) prefetched as `published_versions`."""
    versions = TemplateVersion.objects.filter(status__in=[PUBLISHED, TemplateVersion.Status.WITHDRAWN],
                                              published_at__isnull=False).order_by("-number")
    return (ContractTemplate.objects.filter(versions__status=PUBLISHED).distinct()
            .select_related("item", "category")
            .prefetch_related(Prefetch("versions", queryset=versions, to_attr="published_versions"))
            .order_by("code"))


def published_template(code):
    return published_templates().filter(code=code).first()


def published_version(code, number):
    return (TemplateVersion.objects.select_related("template__item", "template__category")
            .filter(template__code=code, number=number, published_at__isnull=False).first())


def newest_published(template):
    """The version new contracts take: the newest one published and not withdrawn."""
    return next(v for v in template.published_versions if v.status == PUBLISHED)


def library():
    """The public library: [(template, the version in force, its other versions)] of every
    template with a published version."""
    rows = []
    for template in published_templates():
        current = newest_published(template)
        rows.append((template, current, [v for v in template.published_versions if v.pk != current.pk]))
    return rows


def public_version(code, number=None):
    """(template, version) as the public reads it: version `number`, or the one in force; None if
    there is no such published version. A template whose every version is withdrawn is not in the
    library, but its versions stay readable (contracts signed on them link here)."""
    template = published_template(code)
    if number is None:
        return (template, newest_published(template)) if template else None
    version = next((v for v in template.published_versions if v.number == number), None) if template else None
    if version is None:
        version = published_version(code, number)
        if version is None:
            return None
        template = version.template
        template.published_versions = [version]
    return template, version


def current_version_for(item):
    """The newest published version of the most specific template for `item`: one for the item,
    else one for its category, else a general one; None if there is none."""
    candidates = (TemplateVersion.objects.filter(status=PUBLISHED)
                  .filter(Q(template__item=item)
                          | Q(template__category_id=item.category_id, template__item__isnull=True)
                          | Q(template__item__isnull=True, template__category__isnull=True))
                  .select_related("template"))
    def specificity(version):
        return (version.template.item_id is not None, version.template.category_id is not None, version.number)
    return max(candidates, key=specificity, default=None)


def templates_for_regulator():
    return (ContractTemplate.objects.select_related("item", "category")
            .prefetch_related(Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number")))
            .order_by("code"))
