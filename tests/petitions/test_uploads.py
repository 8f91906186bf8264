import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dialogue.uploads import generated_name, validate_upload


def ooxml(folder):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{folder}document.xml", "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("don.pdf", b"%PDF-1.7\n...", "pdf"),
        ("anh.JPG", b"\xff\xd8\xff\xe0....", "jpg"),
        ("anh.png", b"\x89PNG\r\n\x1a\n....", "png"),
        ("van-ban.docx", ooxml("word/"), "docx"),
        ("bang.xlsx", ooxml("xl/"), "xlsx"),
    ],
)
def test_accepts_files_whose_content_matches(name, data, kind):
    assert validate_upload(SimpleUploadedFile(name, data), kinds=("pdf", "jpg", "png", "docx", "xlsx")) == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ", "Tệp “virus.exe” không đúng loại cho phép (.pdf, .jpg, .jpeg, .png, .docx)."),
        ("don.pdf", b"MZ\x90\x00", "Nội dung tệp “don.pdf” không phải là tệp .pdf hợp lệ."),
        ("van-ban.docx", ooxml("xl/"), "Nội dung tệp “van-ban.docx” không phải là tệp .docx hợp lệ."),
        ("anh.png", b"", "Tệp “anh.png” rỗng."),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2048, "Tệp “anh.png” quá lớn (2 KB); tối đa 1 KB."),
    ],
)
def test_refuses_wrong_kind_content_or_size(name, data, message):
    with pytest.raises(ValidationError) as e:
        validate_upload(SimpleUploadedFile(name, data), kinds=("pdf", "jpg", "png", "docx"), max_bytes=1024)
    assert e.value.messages == [message]


def test_generated_name_keeps_only_the_extension():
    name = generated_name("../../etc/đơn thư.PDF")
    assert name.endswith(".pdf") and "/" not in name and len(name) == 36
