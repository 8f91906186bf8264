"""The petitions' hook for personal data (see directory.personal_data): petitions hold the citizen's
name, phone and address; their answers, reasons and history may name them; attachments are scans."""

from django.db import models, transaction

from directory.personal_data import Kind, scrub_rows

from .models import FINAL_STATES, Answer, Attachment, CitizenLetter, Petition, PetitionTransition

KINDS = [Kind("petitions", "Ý kiến, kiến nghị", Petition, "citizen_name", "citizen_phone", "commune")]

#: The petition's own texts that may name the citizen.
PETITION_TEXTS = ("content", "spot_answer", "close_reason")


def _ids(commune, ids):
    return list(Petition.objects.filter(pk__in=ids.get("petitions", ()), commune=commune).values_list("pk", flat=True))


def names_held(*, commune, ids):
    p_ids = _ids(commune, ids)
    names = set(Petition.objects.filter(pk__in=p_ids).values_list("citizen_name", flat=True))
    return names | set(Petition.history.filter(id__in=p_ids).values_list("citizen_name", flat=True))


def erase(*, commune, ids, mentions):
    """Name, phone and address blanked (the app shows "ẩn danh"), in the petition and every history
    row of it; MENTIONS replaced in the content, spot answer, closing reason, transition reasons and
    answers and letters to the citizen (their frozen PDFs dropped); the search text rebuilt;
    attachments deleted, their files once the transaction commits.
    The petition keeps its content, state and deadlines."""
    p_ids = _ids(commune, ids)
    identity = {"citizen_name": "", "citizen_phone": "", "citizen_address": ""}
    # queryset.update: the anonymisation itself must not write a new history row with a name in it.
    Petition.objects.filter(pk__in=p_ids).update(**identity)
    Petition.history.filter(id__in=p_ids).update(**identity)
    scrub_rows(Petition.objects.filter(pk__in=p_ids), PETITION_TEXTS, mentions)
    scrub_rows(Petition.history.filter(id__in=p_ids), PETITION_TEXTS, mentions)
    for p in Petition.objects.filter(pk__in=p_ids).only("pk", "content", "citizen_name", "code"):
        Petition.objects.filter(pk=p.pk).update(search_text=p.build_search_text())
    scrub_rows(PetitionTransition.objects.filter(petition_id__in=p_ids), ("note",), mentions)
    scrub_rows(Answer.objects.filter(petition_id__in=p_ids), ("body",), mentions)
    scrub_rows(Answer.history.filter(petition_id__in=p_ids), ("body",), mentions)
    # The letters to the citizen keep their number and text (mentions replaced), but the frozen PDF,
    # which printed the name and address, goes, and so does the frozen addressee: a reprint renders
    # it again, anonymous ("Kính gửi: Công dân").
    scrub_rows(CitizenLetter.objects.filter(petition_id__in=p_ids), ("body",), mentions)
    CitizenLetter.objects.filter(petition_id__in=p_ids).update(pdf=b"", addressee="")
    attachments = list(Attachment.objects.filter(petition_id__in=p_ids))
    files = [a.file for a in attachments if a.file]
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return {"petitions": p_ids, "attachments": len(attachments)}


def past_retention(*, cutoff):
    """Petitions closed (any final state) before CUTOFF that still hold a name, phone, address or file."""
    holds = (
        ~models.Q(citizen_name="")
        | ~models.Q(citizen_phone="")
        | ~models.Q(citizen_address="")
        | models.Q(attachments__isnull=False)
    )
    return Petition.objects.filter(status__in=FINAL_STATES, closed_at__lt=cutoff).filter(holds).distinct()
