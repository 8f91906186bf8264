from django.core.management import call_command

from proceedings.enums import MinutesStatus
from proceedings.models import Minutes, ProgrammeItem
from sessions_app.demo import SAMPLE_MARK


def test_the_sample_held_session_gets_a_programme_and_draft_minutes_once(db):
    call_command("load_demo")
    minutes = Minutes.objects.select_related("session", "chair", "secretary").get()
    session = minutes.session
    assert session.title.endswith(SAMPLE_MARK)
    assert [i.item[:22] for i in ProgrammeItem.objects.filter(session=session)] == [
        "Tuyên bố lý do, giới t",
        "Báo cáo tình hình thực",
        "Nhân dân phát biểu ý k",
        "Trả lời, giải trình cá",
        "Phát biểu kết luận, bế",
    ]
    assert (minutes.status, minutes.chair.full_name, minutes.secretary.full_name) == (
        MinutesStatus.DRAFT,
        "Hồ Quang Khánh",
        "Phan Thị Ngọc",
    )
    assert minutes.opinions.startswith("Tại buổi có 4 ý kiến, kiến nghị của Nhân dân; 1 ý kiến được trả lời")
    assert ProgrammeItem.objects.exclude(session=session).count() == 0
    call_command("load_demo")
    assert (Minutes.objects.count(), ProgrammeItem.objects.count()) == (1, 5)
