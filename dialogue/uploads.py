"""Checks on uploaded files: the extension AND the content must match an allowed kind, within a size cap.

A file is stored under a generated name, never the name the browser sent. An import's file
waits in IMPORT_DIR between its preview and its confirmation, a day at most.
"""

import os
import time
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

#: kind -> (extensions, check of the first bytes / content)
KINDS = {
    "pdf": ((".pdf",), lambda head, f: head.startswith(b"%PDF-")),
    "jpg": ((".jpg", ".jpeg"), lambda head, f: head.startswith(b"\xff\xd8\xff")),
    "png": ((".png",), lambda head, f: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "docx": ((".docx",), lambda head, f: _is_ooxml(head, f, "word/")),
    "xlsx": ((".xlsx",), lambda head, f: _is_ooxml(head, f, "xl/")),
}

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def _is_ooxml(head, f, folder):
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        f.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


def _human(n):
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def validate_upload(f, *, kinds, max_bytes=DEFAULT_MAX_BYTES):
    """Check the uploaded file F; return its kind, or raise ValidationError with a Vietnamese message.

    F must have an allowed extension, content that matches that extension, and at most MAX_BYTES.
    The file position is left at 0.
    """
    name = getattr(f, "name", "") or ""
    ext = os.path.splitext(name)[1].lower()
    allowed = ", ".join(e for k in kinds for e in KINDS[k][0])
    kind = next((k for k in kinds if ext in KINDS[k][0]), None)
    if kind is None:
        raise ValidationError(f"Tệp “{name}” không đúng loại cho phép ({allowed}).", code="extension")
    size = getattr(f, "size", None)
    if size is None:
        f.seek(0, os.SEEK_END)
        size = f.tell()
    if size > max_bytes:
        raise ValidationError(f"Tệp “{name}” quá lớn ({_human(size)}); tối đa {_human(max_bytes)}.", code="too_large")
    if size == 0:
        raise ValidationError(f"Tệp “{name}” rỗng.", code="empty")
    f.seek(0)
    head = f.read(16)
    f.seek(0)
    if not KINDS[kind][1](head, f):
        raise ValidationError(f"Nội dung tệp “{name}” không phải là tệp {ext} hợp lệ.", code="content")
    return kind


def generated_name(original_name):
    """A random stored name keeping only the (checked) extension of ORIGINAL_NAME."""
    ext = os.path.splitext(original_name or "")[1].lower()
    return f"{uuid.uuid4().hex}{ext}"


#: Where an import's previewed file waits for its confirmation (the roster's and the petitions').
IMPORT_DIR = Path(settings.DOCUMENTS_DIR) / "imports"
#: A previewed file never confirmed is removed after this long (it holds citizens' names and phones).
IMPORT_KEEP_SECONDS = 24 * 3600


def import_dir_prune():
    """Make IMPORT_DIR if needed and delete the files in it older than IMPORT_KEEP_SECONDS (their
    preview was abandoned). Returns IMPORT_DIR."""
    IMPORT_DIR.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - IMPORT_KEEP_SECONDS
    for path in IMPORT_DIR.glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:  # another request pruned it first
            pass
    return IMPORT_DIR
