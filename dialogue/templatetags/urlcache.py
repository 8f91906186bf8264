"""`{% url %}` that reverses a URL without arguments once per process (loaded as a builtin).

The menu of every page (templates/base.html) names some twenty URLs that take no arguments;
Django's tag reverses each of them anew on every page (issue 17). This tag replaces Django's
`url` in every template: with arguments it is Django's own tag; without, the reversed address is
kept on the URL resolver, keyed by everything a reverse depends on (name, current application,
script prefix, URL configuration, language). Django makes a new resolver whenever the URLs change
(override_settings(ROOT_URLCONF), clear_url_caches), so the kept addresses go with the old one.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

#: Kept in place of an address when the name does not reverse (`{% url 'x' as v %}` then gives "").
MISSING = object()


def _addresses():
    """The kept addresses for the URLs, script prefix and language in force now."""
    urlconf = get_urlconf()
    kept = get_resolver(urlconf).__dict__.setdefault("_noarg_urls", {})
    return kept.setdefault((get_script_prefix(), urlconf, get_language()), {})


def reverse_cached(view_name, current_app=None, cache=None):
    """reverse(VIEW_NAME) of a URL without arguments, computed once per resolver, prefix and language.

    CACHE: what `_addresses()` gave (a template's render looks it up once for all its tags).
    """
    if cache is None:
        cache = _addresses()
    key = (view_name, current_app)
    url = cache.get(key)
    if url is None:
        try:
            url = reverse(view_name, current_app=current_app)
        except NoReverseMatch:
            url = MISSING
        cache[key] = url
    if url is MISSING:
        raise NoReverseMatch(f"Reverse for '{view_name}' not found (no arguments).")
    return url


class CachedURLNode(URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        # Looked up once per template render: the prefix, URLs and language do not change within one.
        cache = context.render_context.get(_addresses)
        if cache is None:
            cache = context.render_context[_addresses] = _addresses()
        url = ""
        try:
            url = reverse_cached(view_name, current_app, cache)
        except NoReverseMatch:
            if self.asvar is None:
                # Django's own message (with the patterns tried) for the developer.
                reverse(view_name, current_app=current_app)
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
