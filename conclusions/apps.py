from django.apps import AppConfig


class ConclusionsConfig(AppConfig):
    name = "conclusions"
    verbose_name = "Thông báo kết luận và báo cáo"

    def ready(self):
        from sessions_app.enums import SessionStatus
        from sessions_app.services import register_transition_guard

        from .services import guard_session_closed, guard_session_concluded

        register_transition_guard(SessionStatus.CONCLUDED, guard_session_concluded)
        register_transition_guard(SessionStatus.CLOSED, guard_session_closed)
