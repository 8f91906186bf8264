from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("cong-khai/<int:commune_pk>/", views.commune_page, name="commune"),
    path("cong-khai/<int:commune_pk>/lich.ics", views.commune_ical, name="commune_ical"),
    path("cong-khai/<int:commune_pk>/thong-bao/<int:notice_pk>.pdf", views.notice_pdf, name="notice_pdf"),
    path("cong-khai/<int:commune_pk>/ket-qua/<int:notice_pk>/", views.session_results, name="session_results"),
    path("cong-khai/<int:commune_pk>/buoi/<int:session_pk>/gui-y-kien/", views.online_petition, name="online_petition"),
    path("lich-rieng/", views.my_calendar, name="my_calendar"),
    path("lich-rieng/<str:token>.ics", views.my_calendar_feed, name="my_calendar_feed"),
    path("tra-cuu/", views.lookup, name="lookup"),
]
