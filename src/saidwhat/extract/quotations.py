"""Stage 1: pair quotation marks into quotations, in every style news uses.

Handles “ ” " ' ‘ ’ `` '' « » „ ‹ ›, nesting (only the outermost quotation is returned), quotations
running over several paragraphs (an opening mark at each paragraph, a closing mark only at the end),
and unbalanced marks, which never raise: a quotation left open closes at its paragraph's end.
The scan is linear in the text, whatever the number of marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..model import Span

# A markup tag left in the text, which may break over a line: <tweet author="@x" date="May 2,\n">
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,300}>")
# Every mark, longest alternatives first so `` and '' are read as one mark.
MARK_RE = re.compile(r"``|''|[\"“”‘’'«»„‟‹›]")
DOUBLE_OPEN = {"“", "«", "„", "‟", "``"}
DOUBLE_CLOSE = {"”", "»"}
SINGLE_OPEN = {"‘", "‹"}
SINGLE_CLOSE = {"’", "›"}
AMBIGUOUS_DOUBLE = {'"', "''"}
AMBIGUOUS_SINGLE = {"'"}
ALL_MARKS = "\"'“”‘’`«»„‟‹›"

# Before an opening mark: start, space, or an opening bracket or dash.
_OPEN_BEFORE = set(" \t\n([{—–-/:;,") | {""}
# After a closing mark: end, space or punctuation.
_CLOSE_AFTER = set(" \t\n)]}.,;:!?—–-/…") | {""}


@dataclass(frozen=True, slots=True)
class Quotation:
    """Text between a pair of quotation marks; ``spans`` exclude the marks, one per paragraph."""

    spans: tuple[Span, ...]
    outer: Span
    double: bool = True
    closed: bool = True

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end

    def words(self, text: str) -> int:
        return sum(len(s.text_of(text).split()) for s in self.spans)


def _char(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""


def _role(text: str, start: int, end: int, mark: str) -> str:
    """'open', 'close' or 'none' (an apostrophe) for one mark, from its flanking characters."""
    before, after = _char(text, start - 1), _char(text, end)
    if mark in DOUBLE_OPEN or mark in SINGLE_OPEN:
        return "open"
    if mark in DOUBLE_CLOSE:
        if before in _OPEN_BEFORE and after.isalnum():
            return "toggle"  # ”Fear. … ” — a closing mark used to open, as some sites do
        return "close"
    if mark in SINGLE_CLOSE or mark in AMBIGUOUS_SINGLE:
        if before.isalnum() and after.isalnum():
            return "none"  # it’s, O’Neill
        if mark in AMBIGUOUS_SINGLE and before not in _OPEN_BEFORE and after.isdigit():
            return "none"
        if before in _OPEN_BEFORE and after and after not in " \t\n":
            return "open" if mark in AMBIGUOUS_SINGLE or before == "" else "none"
        return "close" if after in _CLOSE_AFTER else "none"
    # straight double quote: decide by flanking, fall back to state in the caller
    left = before in _OPEN_BEFORE and after not in ("", " ", "\t", "\n")
    right = after in _CLOSE_AFTER and before not in ("", " ", "\t", "\n")
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "toggle"


def paragraphs(text: str) -> list[Span]:
    """Non-blank lines of the text, as spans (news paragraphs are lines)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            out.append(Span(m.start(), m.end()))
    return out


def find_quotations(text: str) -> list[Quotation]:
    """Outermost quotations of ``text``, in order."""
    out: list[Quotation] = []
    paras = paragraphs(text)
    carry: list[Span] | None = None  # spans of a double quotation still open from earlier paragraphs
    carry_outer_start = 0
    tags = [t.span() for t in _TAG_RE.finditer(text)] if "<" in text else []
    tag_starts = [a for a, _ in tags]
    for pi, para in enumerate(paras):
        stack: list[tuple[str, int, int]] = []  # (kind, mark start, content start)
        first_mark = None
        for m in MARK_RE.finditer(text, para.start, para.end):
            mark, ms, me = m.group(), m.start(), m.end()
            if tags and (k := bisect_right(tag_starts, ms)) and ms < tags[k - 1][1]:
                continue  # an attribute value inside markup: <tweet author="@x">
            if first_mark is None:
                first_mark = ms
            double = mark in DOUBLE_OPEN or mark in DOUBLE_CLOSE or mark in AMBIGUOUS_DOUBLE
            role = _role(text, ms, me, mark)
            if mark == "“" and stack and text[stack[-1][1]] == "„" and _char(text, me) in _CLOSE_AFTER:
                role = "close"  # German style: „…“
            if (mark == "“" and any(k == "d" for k, _, _ in stack)
                    and (_char(text, ms - 1) in (",", ".", "!", "?") or _char(text, ms - 1).isalnum())
                    and _char(text, me) in ("", " ", "\t", "\n")):
                # “Why now?“ she asked, an “expedited review“ of: the opening glyph typed for the closing one
                role = "close"
            if role == "toggle":
                role = "close" if any(k == "d" for k, _, _ in stack) or carry else "open"
            if role == "none":
                continue
            if carry is not None and not stack:
                if ms == _para_text_start(text, para) and role == "open" and double:
                    # the quotation goes on in this paragraph: opening mark repeated
                    stack.append(("c", ms, me))
                    continue
                if role == "close" and double:
                    carry.append(Span(_para_text_start(text, para), ms))
                    out.append(_make(carry, carry_outer_start, me, True, True))
                    carry = None
                    continue
                # anything else: the earlier quotation ended unclosed at its paragraph's end
                out.append(_make(carry, carry_outer_start, carry[-1].end, True, False))
                carry = None
            if role == "open":
                stack.append(("d" if double else "s", ms, me))
                continue
            # closing mark: find its opener
            want = ("d", "c") if double else ("s",)
            idx = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] in want), None)
            if idx is None:
                start = _para_text_start(text, para)
                if double and not stack and ms == first_mark and ms > start and _char(text, ms - 1) in ",.!?":
                    # the paragraph's opening mark was lost ('I really would like ... without her,"
                    # she said.'): the quotation runs from the paragraph start to its closing mark
                    out.append(_make([Span(start, ms)], start, me, True, True))
                continue  # stray closing mark
            kind, os_, cs = stack[idx]
            del stack[idx:]
            if stack:
                continue  # nested quotation: the outer one is what we report
            if kind == "c" and carry is not None:
                carry.append(Span(cs, ms))
                out.append(_make(carry, carry_outer_start, me, True, True))
                carry = None
            elif kind == "c":
                out.append(_make([Span(cs, ms)], os_, me, True, True))
            else:
                out.append(_make([Span(cs, ms)], os_, me, kind == "d", True))
        # paragraph end: an open double quotation runs to the end of the paragraph
        opener = next((s for s in stack if s[0] in ("d", "c")), None)
        if carry is not None and opener is None:
            out.append(_make(carry, carry_outer_start, carry[-1].end, True, False))
            carry = None
        if opener is not None:
            end = _rstrip(text, para.start, para.end)
            span = Span(opener[2], max(opener[2], end))
            if carry is not None and opener[0] == "c":
                carry.append(span)
            else:
                if carry is not None:
                    out.append(_make(carry, carry_outer_start, carry[-1].end, True, False))
                carry, carry_outer_start = [span], opener[1]
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is None or not _opens_double(text, nxt):
                out.append(_make(carry, carry_outer_start, end, True, False))
                carry = None
    if carry is not None:
        out.append(_make(carry, carry_outer_start, carry[-1].end, True, False))
    return [q for q in out if any(len(s) for s in q.spans)]


def _para_text_start(text: str, para: Span) -> int:
    i = para.start
    while i < para.end and text[i] in " \t":
        i += 1
    return i


def _opens_double(text: str, para: Span) -> bool:
    """Whether ``para`` opens with a double quotation mark ('' and `` included, as some papers print)."""
    m = MARK_RE.match(text, _para_text_start(text, para))
    return m is not None and (m.group() in DOUBLE_OPEN or m.group() in AMBIGUOUS_DOUBLE)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r":
        end -= 1
    return end


def _make(spans: list[Span], outer_start: int, outer_end: int, double: bool, closed: bool) -> Quotation:
    spans = [s for s in spans if len(s)] or spans[:1]
    return Quotation(
        spans=tuple(spans),
        outer=Span(outer_start, max(outer_start, outer_end)),
        double=double,
        closed=closed,
    )
