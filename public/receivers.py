"""The public app listens to the event log: a publication changes the commune page's cache key."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from directory.models import Event

from .reads import forget_publication_version


@receiver(post_save, sender=Event, dispatch_uid="public_publication_logged")
def publication_logged(sender, instance, created, **kwargs):
    """This process reads the commune's publication version anew (see reads.commune_publication_version)."""
    if created and instance.commune_id and instance.action in (Event.Action.PUBLISHED, Event.Action.UNPUBLISHED):
        forget_publication_version(instance.commune_id)
