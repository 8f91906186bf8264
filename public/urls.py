from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("cong-khai/<int:commune_pk>/", views.commune_page, name="commune"),
    path("cong-khai/<int:commune_pk>/lich.ics", views.commune_ical, name="commune_ical"),
    path("cong-khai/<int:commune_pk>/thong-bao/<int:notice_pk>.pdf", views.notice_pdf, name="notice_pdf"),
    path("tra-cuu/", views.lookup, name="lookup"),
]
