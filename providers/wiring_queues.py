"""providers' queues on the regulator workspace's home (core.navigation.add_queue): certificates
to verify, and certificates about to expire (urgent: already expired). Each count is one query
within the regulator's scope (providers/selectors/queues.py). Called from ProvidersConfig.ready().
A queue's url may carry the page's filters after "?" (the workspace home reverses the name and
appends them)."""


def connect():
    from django.utils.translation import gettext_lazy as _

    from core import navigation

    from .selectors import queues

    navigation.add_queue(navigation.Queue(
        key="certificates_verify", label=_("待核验资质证书"), url="providers_regulator:certificates",
        count=queues.count_to_verify, order=70,
        help=_("中介机构登记的法定资质证书，须对照扫描件核验。")))
    navigation.add_queue(navigation.Queue(
        key="certificates_expiring", label=_("即将到期的资质证书"),
        url="providers_regulator:certificates?show=expiring",
        count=queues.count_expiring, urgent=queues.count_expired, order=72,
        help=_("在预警期内到期或已过期的证书；醒目数字为已过期。")))
