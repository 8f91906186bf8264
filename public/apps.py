from django.apps import AppConfig
from django.db.models.signals import post_save


def _publication_logged(sender, instance, created, **kwargs):
    from directory.models import Event

    from .reads import forget_publication_version

    if created and instance.commune_id and instance.action in (Event.Action.PUBLISHED, Event.Action.UNPUBLISHED):
        forget_publication_version(instance.commune_id)


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Trang công khai"

    def ready(self):
        from directory.models import Event

        # The commune page's cache key follows the publications: this process reads it anew.
        post_save.connect(_publication_logged, sender=Event, dispatch_uid="public_publication_logged")
