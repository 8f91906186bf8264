"""The one mixin of every ModelAdmin: the staff admin is scoped by commune like the pages.

A superuser sees and changes everything. Any other staff user works only inside the communes
where they hold the administrator role (Membership role "admin"): lists, change pages, search,
autocomplete and the choices of every foreign key are limited to those communes; a record of
another commune is "not found". The people and the structure (users, groups, memberships,
provinces, communes, and every admin of a third-party app) are for superusers only, and the
records that must never vanish (plans, sessions, participants, petitions, notices) are deleted
only by a superuser.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from .models import Commune, Membership


def admin_commune_ids(user):
    """Ids of the communes where USER is an administrator (none for a visitor not signed in).

    The admin calls this before it knows who asks: its sign-in page builds the app list too.
    """
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values_list("commune_id", flat=True))


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to the user's communes (inlines too)."""

    def scoped_choices(self, request, model):
        """The rows of MODEL a non-superuser may pick, or None when MODEL is not commune data."""
        user = request.user
        if user.is_superuser:
            return None
        ids = admin_commune_ids(user)
        if model is Commune:
            return Commune.objects.filter(pk__in=ids)
        if model is get_user_model():
            return model._default_manager.filter(memberships__commune__in=ids).distinct()
        related = self.admin_site._registry.get(model)
        if isinstance(related, CommuneScopedAdminMixin) and related.commune_lookup is not None:
            return related.scoped(model._default_manager.all(), request)
        lookup = getattr(model._default_manager.all(), "commune_lookup", None)
        if lookup:
            return model._default_manager.filter(**{f"{lookup}__in": ids})
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = self.scoped_choices(request, db_field.remote_field.model)
            if choices is not None:
                kwargs["queryset"] = choices
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.remote_field.model is Commune and not request.user.is_superuser:
            field.required = True  # a shared (commune-less) row is a superuser's to make
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = self.scoped_choices(request, db_field.remote_field.model)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CommuneScopedAdminMixin(ScopedChoicesMixin):
    #: The ORM path from the model to its commune; None: the model is not commune data.
    commune_lookup = None
    #: With a commune lookup: rows without a commune are shared by every commune (read-only to staff).
    shared_without_commune = False
    #: Without a commune lookup: staff may read the rows (reference data such as legal bases).
    readable_by_staff = False
    #: Records that must not vanish: only a superuser deletes them.
    keep_records = False

    def scoped(self, queryset, request):
        if request.user.is_superuser:
            return queryset
        if self.commune_lookup is None:
            return queryset if self.readable_by_staff else queryset.none()
        q = Q(**{f"{self.commune_lookup}__in": admin_commune_ids(request.user)})
        if self.shared_without_commune:
            q |= Q(**{f"{self.commune_lookup}__isnull": True})
        return queryset.filter(q)

    def get_queryset(self, request):
        return self.scoped(super().get_queryset(request), request)

    def get_list_select_related(self, request):
        """Every foreign key the list shows, nullable ones included (Django's default follows only
        the non-null ones, so an optional village or unit cost one query a row). Set
        `list_select_related` on an admin to choose otherwise."""
        chosen = super().get_list_select_related(request)
        if chosen is not False:
            return chosen
        related = []
        for name in self.get_list_display(request):
            if not isinstance(name, str):
                continue
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one or field.one_to_one:
                related.append(name)
        return related or False

    def _staff_may_enter(self, request):
        if request.user.is_superuser:
            return True
        if self.commune_lookup is None:
            return self.readable_by_staff
        return bool(admin_commune_ids(request.user))

    def _staff_may_write(self, request, obj):
        if request.user.is_superuser:
            return True
        if self.commune_lookup is None or not admin_commune_ids(request.user):
            return False
        # A shared row (no commune; the lookup is then the model's own `commune`) is read-only.
        return not (obj is not None and self.shared_without_commune and obj.commune_id is None)

    def has_module_permission(self, request):
        return self._staff_may_enter(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._staff_may_enter(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._staff_may_write(request, None) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._staff_may_write(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.keep_records and not request.user.is_superuser:
            return False
        return self._staff_may_write(request, obj) and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """What deleting OBJS would take, as Django's admin reckons it, with protection told first.

        A record that protects OBJS (on_delete=PROTECT) blocks the delete whatever the user's
        rights; Django would name only its kind when the user may not delete it either ("no
        right to delete: ý kiến, kiến nghị"), hiding which records stand in the way. With a
        protecting record the page lists them (locale/vi words the message)."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            perms_needed = set()
        return deleted, model_count, perms_needed, protected


def superuser_only(model_admin_class):
    """MODEL_ADMIN_CLASS (of another app) behind the mixin: superusers only."""
    return type(
        model_admin_class.__name__,
        (CommuneScopedAdminMixin, model_admin_class),
        {"__module__": model_admin_class.__module__},
    )


def scope_every_admin(site):
    """Put every ModelAdmin registered without the mixin (auth, axes, django-otp…) behind it."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, CommuneScopedAdminMixin):
            site.unregister(model)
            site.register(model, superuser_only(type(model_admin)))
