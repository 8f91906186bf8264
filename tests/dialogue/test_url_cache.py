"""`{% url %}` without arguments is reversed once per process, and gives what Django's tag gives."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, path, reverse, set_script_prefix

from dialogue.templatetags import urlcache


def render(source, **context):
    return Template(source).render(Context(context))


def counting_reverse(monkeypatch):
    calls = []
    real = urlcache.reverse

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(urlcache, "reverse", spy)
    return calls


def test_a_url_without_arguments_is_reversed_once(monkeypatch):
    calls = counting_reverse(monkeypatch)
    first = render("{% url 'dashboard' %}|{% url 'petitions:list' as p %}{{ p }}")
    again = render("{% url 'dashboard' %}|{% url 'petitions:list' as p %}{{ p }}")
    assert first == again == f"{reverse('dashboard')}|{reverse('petitions:list')}"
    assert calls.count("dashboard") <= 1 and calls.count("petitions:list") <= 1


def test_a_url_with_arguments_is_djangos_tag():
    assert render("{% url 'notifications:open' 7 %}") == reverse("notifications:open", args=[7])
    assert render("{% url name %}", name="dashboard") == reverse("dashboard")


def test_a_missing_name_gives_nothing_with_as_and_fails_without():
    assert render("[{% url 'khong-co' as x %}{{ x }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'khong-co' %}")


def test_the_script_prefix_is_part_of_the_address():
    plain = render("{% url 'dashboard' %}")
    set_script_prefix("/xa/")
    try:
        assert render("{% url 'dashboard' %}") == "/xa" + plain
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert render("{% url 'dashboard' %}") == plain


def other_view(request):  # pragma: no cover - only reversed
    return None


urlpatterns = [path("khac/tong-quan/", other_view, name="dashboard")]


def test_new_urls_are_not_answered_from_the_old_ones():
    plain = render("{% url 'dashboard' %}")
    with override_settings(ROOT_URLCONF=__name__):
        assert render("{% url 'dashboard' %}") == "/khac/tong-quan/" != plain
        assert render("[{% url 'petitions:list' as p %}{{ p }}]") == "[]"
    assert render("{% url 'dashboard' %}") == plain
