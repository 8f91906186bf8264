"""The site's URLs and two that fail on purpose, for the error-page tests."""

from django.db.models import ProtectedError
from django.urls import path

from dialogue.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401
from directory.models import Village


def crash(request):
    raise RuntimeError("hỏng có chủ ý")


def protected(request):
    raise ProtectedError("Cannot delete some instances of model 'Village'", set(Village.objects.all()))


urlpatterns = [path("_hong/", crash), path("_bao-ve/", protected), *urlpatterns]
