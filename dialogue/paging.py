"""Pages of a list without counting it: LIMIT size+1 tells whether a next page exists.

A page number (`?trang=N`) reads N×size rows at most, never the whole table; a count would
cost as much as the list itself. The template `includes/page_links.html` shows the links.
"""

from dataclasses import dataclass, field

PAGE_SIZE = 50
#: The deepest page a number reaches (an OFFSET grows with it); past it a filter narrows the list.
MAX_PAGE = 2000


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool
    size: int
    base_query: str = ""
    start: int = field(init=False)

    def __post_init__(self):
        self.start = (self.number - 1) * self.size

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def previous_number(self):
        return self.number - 1

    @property
    def next_number(self):
        return self.number + 1

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def page_number(value):
    """The page asked for in `?trang=`: 1 for anything that is not a number from 1 to MAX_PAGE."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


def page_of(rows, request, size=PAGE_SIZE, param="trang"):
    """The page of ROWS (a queryset or a list) that REQUEST asks for, and the query of its links."""
    number = page_number(request.GET.get(param))
    start = (number - 1) * size
    chunk = list(rows[start : start + size + 1])
    query = request.GET.copy()
    query.pop(param, None)
    return Page(rows=chunk[:size], number=number, has_next=len(chunk) > size, size=size, base_query=query.urlencode())
