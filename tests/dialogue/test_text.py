import unicodedata

from dialogue.templatetags.vn import date_line, vn_date
from dialogue.text import fold, given_name_key, nfc, vietnamese_key


def test_fold_maps_d_stroke_and_strips_marks():
    assert fold("Đường đất đai Xã Lộc Thành") == "duong dat dai xa loc thanh"


def test_nfc_turns_combining_accents_into_precomposed():
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    assert typed != "Nguyễn Thị Hồng"
    assert nfc(typed) == "Nguyễn Thị Hồng"


def test_people_sort_by_given_name_then_the_rest():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Đức", "Phạm Thị Dung", "Hồ Quang Ánh"]
    assert sorted(names, key=given_name_key) == [
        "Nguyễn Thị An",
        "Hồ Quang Ánh",
        "Trần Văn Bình",
        "Phạm Thị Dung",
        "Lê Văn Đức",
    ]


def test_vietnamese_order_puts_letters_with_marks_after_base_letter():
    words = ["Ơn", "Ôn", "On", "Đa", "Da", "Ăn", "An", "Ân"]
    assert sorted(words, key=vietnamese_key) == ["An", "Ăn", "Ân", "Da", "Đa", "On", "Ôn", "Ơn"]


def test_date_line_pads_days_below_ten_and_months_one_and_two_only():
    import datetime

    assert date_line(datetime.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert date_line(datetime.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert date_line(datetime.date(2025, 10, 22)) == "ngày 22 tháng 10 năm 2025"
    assert vn_date(datetime.date(2025, 10, 2)) == "02/10/2025"
