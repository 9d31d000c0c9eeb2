"""Listings split into numbered pages: /initiatieven/, /initiatieven/pagina/2/, ...

A page of a listing shows a fixed number of initiatives, and reads (reads.py) only those and
the listing's length; so one changed initiative remakes the one page of each listing it is
on, not the whole listing (unless a new title moves it to another page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

PAGE_SIZE = 24  # cards per page: fills rows of 1, 2, 3 or 4 columns
NEIGHBOURS = 2  # page links shown on either side of the current one


def page_count(length: int) -> int:
    return max(1, -(-length // PAGE_SIZE))


def page_path(first: str, number: int) -> str:
    """The path of page `number` of the listing whose first page is at `first`."""
    return first if number == 1 else f"{first}pagina/{number}/"


@dataclass(frozen=True)
class Pagination:
    items: tuple  # the initiatives on this page
    number: int  # 1-based
    count: int  # initiatives in the whole listing
    first: str  # path of the listing's first page

    @property
    def pages(self) -> int:
        return page_count(self.count)

    @property
    def start(self) -> int:  # 1-based position of the first item on this page
        return (self.number - 1) * PAGE_SIZE + 1

    def path(self, number: int) -> str:
        return page_path(self.first, number)

    def numbers(self) -> list[int | None]:
        """The page numbers to link: the first, the last and the neighbours of this one; None for a gap."""
        shown = sorted({1, self.pages, *range(max(1, self.number - NEIGHBOURS),
                                              min(self.pages, self.number + NEIGHBOURS) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] == 2:  # a gap of one page: show it rather than '...'
                numbers.append(number - 1)
            elif numbers and number - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(number)
        return numbers


def paginate(listed: Callable[[int], tuple[tuple, int]], first: str, number: int) -> Pagination:
    """Page `number`; listed(start) gives (the PAGE_SIZE items from start, the listing's length)."""
    items, count = listed((number - 1) * PAGE_SIZE)
    return Pagination(items, number, count, first)
