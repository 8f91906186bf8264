"""Erasing a person's data reaches the draft minutes that name them; signed minutes stay as signed."""

from office.personal_data import person_anonymise
from proceedings.models import Minutes
from proceedings.services import minutes_change_status, minutes_save, minutes_start

from ..conclusions.factories import PetitionFactory, held_session

NAME = "Nguyễn Thị Hoa"


def test_a_draft_names_the_person_no_more_after_erasure_a_signed_copy_keeps_its_text(
    commune, state_issuer, villages, clerk, chair, secretary
):
    draft_session = held_session(commune, state_issuer, villages[:1])
    signed_session = held_session(commune, state_issuer, villages[1:2])
    hoa = PetitionFactory(session=draft_session, village=villages[0], citizen_name=NAME, content="Đường hư hỏng.")
    again = PetitionFactory(session=signed_session, village=villages[1], citizen_name=NAME, content="Lại hư hỏng.")
    draft = minutes_start(session=draft_session, user=clerk)
    draft.opinions += "\nThư ký ghi thêm."
    minutes_save(minutes=draft, user=clerk)  # a second history row with the name
    signed = minutes_start(session=signed_session, user=clerk)
    signed.chair, signed.secretary = chair, secretary
    minutes_save(minutes=signed, user=clerk)
    minutes_change_status(obj=signed, to="signed", by=clerk)
    pdf = bytes(Minutes.objects.get(pk=signed.pk).pdf)

    person_anonymise(commune=commune, user=clerk, petition_ids=[hoa.pk, again.pk])

    draft.refresh_from_db()
    assert NAME not in draft.opinions
    assert f"1. [ẩn danh] (Ấp 1), lĩnh vực Đất đai ({hoa.code}): Đường hư hỏng." in draft.opinions
    assert [NAME in row.opinions for row in Minutes.history.filter(id=draft.pk)] == [False, False]
    kept = Minutes.objects.get(pk=signed.pk)
    assert NAME in kept.opinions
    assert bytes(kept.pdf) == pdf
