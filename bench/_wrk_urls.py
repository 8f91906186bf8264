"""The project's URLs plus the floor: a bare 50-row template page (no base layout, no query)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

ROWS = [{"code": f"B-{i:07d}", "content": f"Nội dung kiến nghị số {i} về đường liên thôn", "n": i} for i in range(50)]
TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Floor</title></head><body><table>'
    "{% for r in rows %}<tr><td>{{ r.n }}</td><td>{{ r.code }}</td><td>{{ r.content }}</td></tr>{% endfor %}"
    "</table></body></html>"
)


def floor(request):
    return HttpResponse(TEMPLATE.render({"rows": ROWS}, request))


urlpatterns = [path("bench-floor/", floor), path("", include("dialogue.urls"))]
