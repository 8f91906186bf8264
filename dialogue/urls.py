from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from directory import views as directory_views
from directory.forms import LoginForm

handler400 = "dialogue.views.bad_request"

admin.site.site_header = "Tiếp xúc, đối thoại với Nhân dân – Quản trị"
admin.site.site_title = "Quản trị"
admin.site.index_title = "Dữ liệu hệ thống"

urlpatterns = [
    path("", directory_views.dashboard, name="dashboard"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="registration/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-nhap/ma-xac-thuc/", directory_views.otp_verify, name="otp_verify"),
    path("tai-khoan/xac-thuc-hai-buoc/", directory_views.otp_setup, name="otp_setup"),
    path("danh-muc/", include("directory.urls")),
    path("ke-hoach/", include("sessions_app.urls")),
    path("kien-nghi/", include("petitions.urls")),
    path("ket-luan/", include("conclusions.urls")),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
