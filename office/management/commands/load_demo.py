from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from directory import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu từ hai kế hoạch mẫu (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        with transaction.atomic():
            communes = demo.load()
            # Then each app above the directory adds its own, in the order of INSTALLED_APPS
            # (`<app>/demo.py::load(communes)`): the seed plans, petitions, notices, ...
            for config in apps.get_app_configs():
                if config.name == "directory":
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(communes)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Đăng nhập: {demo.DEMO_USERNAME} / {demo.DEMO_PASSWORD} (văn phòng của hai xã mẫu)")
        self.stdout.write(f"Quản trị: {demo.ADMIN_USERNAME} / {demo.DEMO_PASSWORD}")
        self.stdout.write(f"Lãnh đạo (duyệt trả lời, thông báo): lanhdao / {demo.DEMO_PASSWORD}")
        for username, first_name, _role, _unit in demo.ROLE_USERS:
            self.stdout.write(f"{first_name}: {username} / {demo.DEMO_PASSWORD}")
