"""Create a regulator account (platform admins only; regulators never sign themselves up).

    manage.py create_regulator wang@fgw.example.cn --name 王五 --department-id 3 --categories env,survey
    manage.py create_regulator li@hbj.example.cn --name 李六 --department 生态环境局 --region 510600 \
        --categories env --print-password
"""
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from marketplace.models import ServiceCategory
from marketplace.services.regulators import regulator_create
from providers.models import Department


class Command(BaseCommand):
    help = "创建监管人员账户（所属行业主管部门、监管的服务类别）。"

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="姓名")
        parser.add_argument("--department-id", type=int, help="部门编号")
        parser.add_argument("--department", help="部门名称（与 --region 一起使用）")
        parser.add_argument("--region", help="部门所在行政区划代码，如 510600")
        parser.add_argument("--categories", default="", help="监管的服务类别代码，逗号分隔")
        parser.add_argument("--title", default="", help="职务")
        parser.add_argument(
            "--print-password", action="store_true",
            help="设置并打印一次性初始密码，而不是发送设置密码的邮件",
        )
        parser.add_argument("--actor", help="执行操作的平台管理员邮箱（记入审计日志）")

    def handle(self, *args, **options):
        department = self._department(options)
        categories = self._categories(options["categories"])
        actor = self._actor(options["actor"])
        password = secrets.token_urlsafe(12) if options["print_password"] else None
        try:
            regulator = regulator_create(
                actor=actor, email=options["email"], full_name=options["name"],
                department=department, categories=categories, title=options["title"],
                initial_password=password,
            )
        except DomainError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"已创建监管人员：{regulator}"))
        if password and regulator.user.check_password(password):
            self.stdout.write(f"初始密码（仅显示这一次，请当面交给本人并提醒首次登录后修改）：{password}")
        elif password:
            self.stdout.write("该邮箱已有账户，保留其原密码；已发送开通通知邮件。")
        else:
            self.stdout.write("已发送开通通知邮件（新账户含设置密码的一次性链接）。")

    def _department(self, options):
        if options["department_id"]:
            department = Department.objects.filter(pk=options["department_id"]).first()
            if department is None:
                raise CommandError(f"没有编号为 {options['department_id']} 的部门。")
            return department
        if not (options["department"] and options["region"]):
            raise CommandError("请用 --department-id，或同时用 --department 与 --region 指定部门。")
        department = Department.objects.filter(
            name=options["department"], region_id=options["region"]
        ).first()
        if department is None:
            raise CommandError(f"行政区划 {options['region']} 下没有名为“{options['department']}”的部门。")
        return department

    def _categories(self, value):
        codes = [code.strip() for code in value.split(",") if code.strip()]
        categories = list(ServiceCategory.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {category.code for category in categories})
        if missing:
            raise CommandError(f"未知的服务类别代码：{', '.join(missing)}")
        return categories

    def _actor(self, email):
        if not email:
            return None
        actor = get_user_model().objects.filter(email__iexact=email).first()
        if actor is None:
            raise CommandError(f"没有邮箱为 {email} 的用户。")
        return actor
