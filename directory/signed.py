"""Checks on an uploaded signed original (models.SignedOriginal) before it is stored.

Only a PDF, not encrypted, at most MAX_BYTES, whose text carries the document's number; a scan
with no text layer is accepted, marked as not checked. The bytes are read, never rewritten.
"""

import hashlib
import io
import re
import unicodedata

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .models import Unit
from .numbering import document_symbol

MAX_BYTES = 20 * 1024 * 1024
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


class SignedOriginalError(Exception):
    """Why an upload is refused, in Vietnamese."""


def _number_pattern(*, issuer, doc_type, number):
    """'15/KH-UBND' or '22-KH/ĐU', written with or without the leading zero and with any spacing."""
    code = re.escape(issuer.symbol_code.casefold())
    kind = re.escape(doc_type.casefold())
    if issuer.side == Unit.Side.PARTY:
        return rf"(?<!\d)0*{number}\s*-\s*{kind}\s*/\s*{code}"
    return rf"(?<!\d)0*{number}\s*/\s*{kind}\s*-\s*{code}"


def _plain(text):
    text = unicodedata.normalize("NFC", text).casefold()
    for dash in DASHES:
        text = text.replace(dash, "-")
    return text


def signed_original_read(upload, *, issuer, doc_type, number):
    """Read UPLOAD (a Django UploadedFile) -> dict(pdf, sha256, size, filename, number_checked).

    Raises SignedOriginalError when the file is not a PDF, is encrypted, is over MAX_BYTES, or
    has text that does not contain the document's number (ISSUER, DOC_TYPE, NUMBER).
    """
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:255]
    if upload.size > MAX_BYTES:
        raise SignedOriginalError(
            f"Tệp “{name}” quá lớn ({upload.size / (1024 * 1024):.1f} MB); bản đã ký tối đa 20 MB."
        )
    data = b"".join(upload.chunks())
    if not name.lower().endswith(".pdf") or not data.startswith(b"%PDF-"):
        raise SignedOriginalError(f"Tệp “{name}” không phải là tệp PDF; hãy tải lên bản PDF đã ký, đóng dấu.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SignedOriginalError(
                f"Tệp “{name}” được đặt mật khẩu (mã hóa): hãy tải lên bản PDF không đặt mật khẩu."
            )
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except SignedOriginalError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SignedOriginalError(f"Không đọc được tệp PDF “{name}” (tệp hỏng?).") from exc
    checked = bool(text.strip())
    if checked and not re.search(_number_pattern(issuer=issuer, doc_type=doc_type, number=number), _plain(text)):
        symbol = document_symbol(issuer=issuer, doc_type=doc_type, number=number)
        raise SignedOriginalError(
            f"Tệp “{name}” không mang số {symbol} của văn bản này: có thể đã chọn nhầm tệp. Bản cũ vẫn giữ nguyên."
        )
    return {
        "pdf": data,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "filename": name,
        "number_checked": checked,
    }


def signed_original_message(original):
    """What the page says after ORIGINAL was stored."""
    if original.number_checked:
        return f"Đã lưu bản đã ký “{original.filename}” làm bản chính (SHA-256 {original.sha256[:16]}…)."
    return (
        f"Đã lưu bản đã ký “{original.filename}” làm bản chính. Tệp là bản quét không có lớp chữ nên "
        "chưa đối chiếu được số văn bản: hãy tự kiểm tra số trên bản quét."
    )
