"""The root URLconf. The project package imports no app: every app's pages come in by name."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

handler400 = "dialogue.views.bad_request"
handler403 = "dialogue.views.permission_denied"
handler404 = "dialogue.views.page_not_found"
handler500 = "dialogue.views.server_error"

admin.site.site_header = "Tiếp xúc, đối thoại với Nhân dân – Quản trị"
admin.site.site_title = "Quản trị"
admin.site.index_title = "Dữ liệu hệ thống"

urlpatterns = [
    path("", include("office.urls_root")),
    path("", include("directory.urls_account")),
    path("", include("office.urls")),
    path("danh-muc/", include("directory.urls")),
    path("ke-hoach/", include("sessions_app.urls")),
    path("kien-nghi/", include("petitions.urls")),
    path("tiep-cong-dan/", include("reception.urls")),
    path("ket-luan/", include("conclusions.urls")),
    path("van-ban-buoi/", include("proceedings.urls")),
    # The citizen's side, no sign-in: /cong-khai/<commune>/ and /tra-cuu/.
    path("", include("public.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
