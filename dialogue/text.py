"""Vietnamese text helpers: NFC normalisation, accent folding, name ordering.

See domain.md §5. Everything that stores or compares Vietnamese text goes through here.
"""

import re
import unicodedata

# The Vietnamese alphabet order of base letters (domain.md §5).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ALPHABET_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tones in the order ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a separate letter of the alphabet (ă, â, ê, ô, ơ, ư), kept with the base.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def nfc(value):
    """Return VALUE in Unicode NFC; non-strings pass through unchanged."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def fold(value):
    """Lower-case VALUE and strip every diacritic, mapping đ/Đ to d.

    "Đường đất đai" -> "duong dat dai". Used for the stored search columns.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def _letter_key(word):
    """Sort key of one word: letters in Vietnamese order, then tones."""
    letters = []
    tones = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        marks = decomposed[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
        if letter == "d" and ch == "đ":
            letter = "đ"
        tone = max((_TONE_MARKS.get(m, 0) for m in marks), default=0)
        letters.append(_ALPHABET_RANK.get(letter, 100 + ord(letter[0])))
        tones.append(tone)
    return (tuple(letters), tuple(tones))


def vietnamese_key(text):
    """Sort key for Vietnamese text in dictionary order (letters, then tones)."""
    return tuple(_letter_key(w) for w in (text or "").split())


def given_name_key(full_name):
    """Sort key for a person: the given name (last word) first, then the rest.

    "Nguyễn Văn Hải" sorts under "Hải", then "Nguyễn Văn".
    """
    words = (full_name or "").split()
    if not words:
        return ((), ())
    return (vietnamese_key(words[-1]), vietnamese_key(" ".join(words[:-1])))


def has_combining_marks(value):
    """True when VALUE is not already NFC (typed with combining accents)."""
    return isinstance(value, str) and unicodedata.normalize("NFC", value) != value


# Latin-1 letters that Vietnamese in Unicode uses; any other letter of U+00A0–U+00FF in a
# name means the text was typed in a legacy 8-bit encoding and read as if it were Latin-1/cp1252.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Characters typical of TCVN3 (.VnTime): e.g. "NguyÔn V¨n" for "Nguyễn Văn".
# These symbols never occur in VNI text read as cp1252, only in TCVN3.
_TCVN3_MARKS = set("¸µ¶·¹¨©ª«¬®¦§¤¥¡¢£½¾¼ÆÇ×Þß÷þ")
# VNI writes a base letter followed by a mark character: "Nguyeãn Vaên".
_VNI_PATTERN = re.compile(r"[A-Za-z][øùûõïòóôöñäåæëîÿ]")


def legacy_encoding(text):
    """'TCVN3', 'VNI' or None: whether TEXT looks typed in a legacy Vietnamese encoding."""
    if not isinstance(text, str):
        return None
    odd = [ch for ch in text if "\u00a0" < ch <= "\u00ff" and ch not in _VIETNAMESE_LATIN1]
    if not odd:
        return None
    if any(ch in _TCVN3_MARKS for ch in odd):
        return "TCVN3"
    if _VNI_PATTERN.search(text):
        return "VNI"
    return "TCVN3"


def legacy_message(text, where=None, *, advice="rồi tải lại tệp"):
    """The Vietnamese message for TEXT typed in a legacy encoding, or None when it is Unicode.

    WHERE prefixes the message ("Họ và tên: …") where no column or field names the place already.
    """
    kind = legacy_encoding(text)
    if not kind:
        return None
    font = "TCVN3 (.VnTime)" if kind == "TCVN3" else "VNI (VNI-Times)"
    prefix = f"{where}: " if where else ""
    return (
        f"{prefix}“{text}” được gõ bằng bảng mã cũ {font}, không phải Unicode. "
        f"Hãy chuyển mã sang Unicode (ví dụ Unikey: Công cụ chuyển mã) {advice}."
    )
