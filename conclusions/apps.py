from django.apps import AppConfig


class ConclusionsConfig(AppConfig):
    name = "conclusions"
    verbose_name = "Thông báo kết luận và báo cáo"
