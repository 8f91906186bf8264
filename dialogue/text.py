"""Vietnamese text helpers: NFC normalisation, accent folding, name ordering.

See domain.md §5. Everything that stores or compares Vietnamese text goes through here.
"""

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
