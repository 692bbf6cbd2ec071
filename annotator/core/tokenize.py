"""The project's Vietnamese syllable tokenizer (pure Python; spaCy registration is in `annotator.nlp`).

One tokenizer snaps selections in the window, aligns imported spans and drives the export, so a
span made in the tool can always be represented at export. A boundary the tokenizer misses makes
every entity that starts or ends there unrepresentable, while an extra boundary costs nothing to
representability; the rules below therefore split wherever an entity can end, and keep words whole
only where the whole is a known unit.

Rules, applied to each run of non-space characters:
- numbers with inner separators stay whole and end there: ``19/8``, ``14/4/2023``, ``80,6``,
  ``9.500``, ``1.000.000``, ``7,319,313``, ``15:13`` (``1.000.000đ`` -> ``1.000.000`` ``đ``,
  ``18,5%`` -> ``18,5`` ``%``);
- a period glued between a word and the next word is a token of its own (``Huế.Anh`` -> ``Huế``
  ``.`` ``Anh``, ``Hà Nội.Ông`` -> ... ``Nội`` ``.`` ``Ông``) unless the word is an abbreviation
  of Vietnamese news, which keeps its period: titles and degrees (`ABBREVIATIONS`: ``TS.``,
  ``ThS.``, ``PGS.``, ``GS.``, ``BS.``, ``KS.``, ``NCS.``, ...), administrative units (``TP.``,
  ``Tp.``, ``TX.``, ``TT.``, and ``Q.``, ``P.``, ``H.``, ``X.`` for quận, phường, huyện, xã),
  ``NXB.``, ``Mr.``/``Ms.``, and initials (a capital letter, or a name's consonant digraph such
  as ``Th``, ``Tr``, ``Ng``, whose period is followed by another initial: ``N.V.A`` -> ``N.``
  ``V.`` ``A``, ``B.T.Th.`` -> ``B.`` ``T.`` ``Th`` ``.``). Any other single capital is a word
  that can end a sentence and an entity (``sang Ý.Ông``, ``châu Á.Các``, ``Nguyễn Văn A.Sau``),
  so it splits. Only the glued form keeps the period (``TP.Hồ`` -> ``TP.`` ``Hồ``); before a
  space it is a token of its own (``TP. Hồ`` -> ``TP`` ``.`` ``Hồ``), so a token alone
  re-tokenizes alike. Other sentence punctuation (``,;:!?…``) is always a token of its own;
- inside a run of letters and digits, a new token starts where words were glued without a space:
  at a lower->upper case change (``AnTọa`` -> ``An`` ``Tọa``, ``HàNội`` -> ``Hà`` ``Nội``,
  ``VnExpress`` -> ``Vn`` ``Express``), and before a capitalised word that follows a digit or
  an all-capital run of two or more letters (``UBNDHà`` -> ``UBND`` ``Hà``, ``2023Hà`` -> ``2023``
  ``Hà``). Not split: all-capital words (``UBND``, ``HĐND``, ``KOICA``, ``TPHCM``); one
  lower-case ASCII letter leading a word or following a number (``iPhone``, ``eKYC``, ``mRNA``,
  ``100kWh``); a plural ``s`` after capitals (``CEOs``); one capital before a capitalised part
  (``MHz``); the mixed-case words of `KEEP_WHOLE` (``ThS``, ``PhD``, ``nCoV``, ``VPBank``,
  ``YouTube``, ...) when no lower-case letter follows them. Case is Unicode case (`str.isupper`,
  `str.islower`, over the Basic Multilingual Plane): ``Đ`` and every accented capital count.
  An all-capital word glued to another (``TPHCMHLV``) cannot be told apart and stays whole;
- letters and digits otherwise form words (combining marks stay with their base); hyphens,
  dashes, quotes, brackets, ``@``, ``/`` and every other punctuation or symbol are tokens of their
  own, so ``Noh-wan`` -> ``Noh`` ``-`` ``wan``, ``Thuận,`` -> ``Thuận`` ``,``, ``Nội,Ông`` ->
  ``Nội`` ``,`` ``Ông`` and an e-mail address or URL falls into its words and symbols.
No token contains whitespace, so tokens never depend on text beyond the surrounding spaces.
The text is never changed: tokens are `(start, end)` code-point offsets; whitespace is not a token.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import pairwise
from sys import maxsize

_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u064b-\u065f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\u200d"
# letters and digits with their combining marks (one alternation-free loop: faster than (?:a|b)+)
_WORD = rf"(?:[^\W_]|[{_MARKS}])[^\W_]*(?:[{_MARKS}]+[^\W_]*)*"

# The Basic Multilingual Plane blocks holding its cased letters (str.isupper or str.islower), for
# the running Python's Unicode database (tests/core/test_tokenize_real_news.py checks them against a
# scan). Cased letters beyond the BMP (Deseret, Adlam, mathematical letters) are left out: a regex
# class holding any of them loses re's fast BMP bitmap and makes tokenizing several times slower,
# and no news text is written in them; such letters are still word characters, never cut by case.
_CASED_BLOCKS = (
    (0x0041, 0x058F), (0x10A0, 0x10FF), (0x13A0, 0x13FF), (0x1C80, 0x218F), (0x24B6, 0x24E9),
    (0x2C00, 0x2D2F), (0xA640, 0xA7FF), (0xAB30, 0xABBF), (0xFB00, 0xFB17), (0xFF21, 0xFF5A),
)


def _class(pred) -> str:
    """The characters of `_CASED_BLOCKS` for which `pred` holds, as the inside of a regex class."""
    runs: list[list[int]] = []
    for lo, hi in _CASED_BLOCKS:
        for c in range(lo, hi + 1):
            if pred(chr(c)):
                if runs and runs[-1][1] == c - 1:
                    runs[-1][1] = c
                else:
                    runs.append([c, c])
    return "".join(re.escape(chr(a)) + ("" if a == b else "-" + re.escape(chr(b))) for a, b in runs)


_UPPER = _class(str.isupper)
_LOWER = _class(str.islower)

#: Abbreviations of Vietnamese news that keep their period when glued to the next word
#: (``TP.Hồ Chí Minh``, ``PGS.TS Nguyễn``, ``ThS.BS``, ``P.Bến Nghé``); case-sensitive.
#: Left out on purpose: words that often end a sentence (``UBND``, ``CLB``, ``BV``, ``HLV``,
#: ``CN`` = Chủ nhật) and single capitals other than the four units (``Ý`` = Italy, ``Á`` in
#: ``châu Á``, a given name ``Ý``), since a period kept there would glue a sentence's end to the
#: entity before it. At most six letters (the token pattern's guard looks that far).
ABBREVIATIONS = (
    # titles and degrees: giáo sư, phó giáo sư, tiến sĩ (khoa học), thạc sĩ, bác sĩ (chuyên khoa),
    # kỹ sư, nghiên cứu sinh, dược sĩ, luật sư, linh mục
    "GS", "Gs", "PGS", "Pgs", "TS", "Ts", "TSKH", "ThS", "Ths", "BS", "Bs", "BSCK", "BSCKI",
    "BSCKII", "KS", "Ks", "NCS", "DS", "LS", "Ls", "Lm",
    # places: thành phố, thị xã, thị trấn, khu phố, quận, phường, huyện, xã
    "TP", "Tp", "TX", "Tx", "TT", "KP", "Q", "P", "H", "X",
    # nhà xuất bản; foreign titles as Vietnamese news writes them
    "NXB", "Nxb", "Mr", "Mrs", "Ms", "Dr", "St",
)

#: Mixed-case words of Vietnamese news kept as one token although their case changes inside
#: (degrees, units, brands, banks); case-sensitive, and only when no lower-case letter follows.
#: Splitting them would still represent every entity, so the list only saves needless tokens.
KEEP_WHOLE = (
    "ThS", "PhD", "IoT", "WiFi", "UPCoM", "HoSE", "CoV", "nCoV", "mmHg",
    "VnExpress", "VnEconomy", "VnMedia", "VnDirect", "VietNamNet", "VietJet", "VinFast",
    "VinaPhone", "MobiFone", "VinaCapital", "PetroVietnam", "VietinBank", "VPBank", "TPBank",
    "HDBank", "MBBank", "SeABank", "ABBank", "PVcomBank", "LienVietPostBank", "KienLongBank",
    "YouTube", "TikTok", "WhatsApp", "LinkedIn", "PayPal", "PlayStation", "MacBook", "PowerPoint",
    "AirAsia", "McDonald", "DiCaprio",
)

_ABBREV = "|".join(sorted(ABBREVIATIONS, key=len, reverse=True))
# an initial: a capital, or the Vietnamese consonant digraph a name starts with (`B.T.Th.`, `Tr.A.T`)
_INITIAL = rf"(?:Ngh|Ch|Gh|Gi|Kh|Ng|Nh|Ph|Qu|Th|Tr|[{_UPPER}])"
_TOKEN_RE = re.compile(
    rf"""
      \d+(?:[.,/:]\d+)+                             # 19/8  14/4/2023  80,6  1.000.000  15:13
    | (?=[{_UPPER}][^\W\d_]{{0,5}}\.[^\W\d_])     # (a cheap guard: a short capitalised word, glued period)
      (?:(?:{_ABBREV})\.                              # TP.Hồ -> TP.   Q.Hoàn Kiếm -> Q.
      | {_INITIAL}\.(?={_INITIAL}(?:\.|(?![^\W_]|[{_MARKS}]))))  # initials: N.V.A -> N. V. A
    | {_WORD}                                       # syllables, words, plain numbers
    | \S[{_MARKS}]*                                 # any other single character
    """,
    re.VERBOSE,
)
# A capital inside a word that may start a glued word: after a lower-case letter, after a
# digit or capital when a lower-case letter follows, or after a combining mark; `_cuts` decides.
_GLUE_RE = re.compile(
    rf"[{_UPPER}](?:(?<=[{_LOWER}{_MARKS}].)|(?<=[{_UPPER}\d].)(?=[{_MARKS}]*[{_LOWER}]))"
)
_KEEP_RE = re.compile(rf"(?:{'|'.join(sorted(KEEP_WHOLE, key=len, reverse=True))})(?![{_LOWER}{_MARKS}])")
_IS_MARK = re.compile(rf"[{_MARKS}]").match

Token = tuple[int, int]


def _cuts(text: str, start: int, end: int) -> list[int]:
    """Positions inside the letter run `text[start:end]` where a glued word begins (see the rules)."""
    cuts: list[int] = []
    keep = _KEEP_RE.match(text, start, end)
    whole_until = keep.end() if keep else start
    for i in range(start + 1, end):
        c = text[i]
        if i < whole_until or not c.isupper():
            continue
        q = i - 1
        while q > start and _IS_MARK(text[q]):
            q -= 1
        prev = text[q]
        if i == whole_until and keep is not None:
            cut = True  # ThSNguyễn, VPBankHà: a capital right after a kept word
        elif prev.islower():
            # one leading lower-case ASCII letter, at the start or after a number: iPhone, mRNA, 100kWh
            cut = not (prev.isascii() and (q == start or text[q - 1].isdigit()))
        elif prev.isdigit() or (prev.isupper() and q > start and text[q - 1].isupper()):
            r = i + 1
            while r < end and _IS_MARK(text[r]):
                r += 1
            # a capitalised word follows, not a plural s (CEOs, ATMs)
            cut = r < end and text[r].islower() and not (
                text[r] == "s" and (r + 1 == end or not (text[r + 1].islower() or _IS_MARK(text[r + 1])))
            )
        else:
            cut = False
        if cut:
            cuts.append(i)
            keep = _KEEP_RE.match(text, i, end)
            whole_until = keep.end() if keep else i
    return cuts


def _split_glued(text: str, tokens: list[Token], glue: re.Match[str], more: Iterator[re.Match[str]]) -> list[Token]:
    """`tokens` with the words holding glue candidates (`glue`, then `more`) cut by `_cuts`."""
    out: list[Token] = []
    done = 0  # tokens[:done] are in `out`
    last = -1  # the token looked at last
    m: re.Match[str] | None = glue
    while m is not None:
        p = m.start()
        i = bisect_right(tokens, (p, maxsize), done) - 1
        if i >= done and i != last:
            last = i
            s, e = tokens[i]
            if s < p < e:
                run_end = e - 1 if text[e - 1] == "." else e  # an abbreviation keeps its period
                cuts = _cuts(text, s, run_end)
                if cuts:
                    out.extend(tokens[done:i])
                    bounds = [s, *cuts, e]
                    out.extend(pairwise(bounds))
                    done = i + 1
        m = next(more, None)
    out.extend(tokens[done:])
    return out


def _spans(text: str, pos: int, endpos: int) -> list[Token]:
    tokens = [m.span() for m in _TOKEN_RE.finditer(text, pos, endpos)]
    more = _GLUE_RE.finditer(text, pos, endpos)
    glue = next(more, None)
    return tokens if glue is None else _split_glued(text, tokens, glue, more)


def tokenize(text: str) -> list[Token]:
    """Return the `(start, end)` offsets of the tokens of `text`, in order, never overlapping."""
    return _spans(text, 0, len(text))


def token_texts(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


class TokenIndex:
    """Token boundaries of one text, for snapping selections and checking alignment in O(log n)."""

    __slots__ = ("ends", "starts", "text")

    def __init__(self, text: str, tokens: Sequence[Token] | None = None) -> None:
        self.text = text
        toks = tokenize(text) if tokens is None else tokens
        self.starts = [s for s, _ in toks]
        self.ends = [e for _, e in toks]

    def __len__(self) -> int:
        return len(self.starts)

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """Widen a selection to whole tokens and drop surrounding spaces.

        A half-selected syllable becomes the whole syllable. Returns None when the selection
        holds no token (only spaces, or empty).
        """
        if start > end:
            start, end = end, start
        start = max(0, start)
        end = min(len(self.text), end)
        # first token whose end is after `start`
        i = bisect_right(self.ends, start)
        # last token whose start is before `end`
        j = bisect_left(self.starts, end) - 1
        if i >= len(self.starts) or j < i:
            return None
        return self.starts[i], self.ends[j]

    def is_aligned(self, start: int, end: int) -> bool:
        """True when `start` is a token start and `end` a token end (so spaCy can represent it)."""
        if start >= end:
            return False
        i = bisect_left(self.starts, start)
        if i >= len(self.starts) or self.starts[i] != start:
            return False
        j = bisect_left(self.ends, end)
        return j < len(self.ends) and self.ends[j] == end

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Token indices `(first, last_exclusive)` of an aligned span, else None."""
        if not self.is_aligned(start, end):
            return None
        return bisect_left(self.starts, start), bisect_left(self.ends, end) + 1

    def token_at(self, pos: int) -> Token | None:
        """The token that contains position `pos` (for double-click), or None on a space."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.starts[i] <= pos < self.ends[i]:
            return self.starts[i], self.ends[i]
        return None


_SPACE_RE = re.compile(r"\s")


class LazyTokenIndex:
    """The answers of `TokenIndex`, tokenizing only the parts of the text that are asked about.

    No token contains whitespace, so the text is cut at whitespace into chunks of about `chunk`
    characters, each tokenized on first use. Opening a 1 MB article then costs almost nothing,
    and snapping a selection or checking a span tokenizes a few KB. `starts`, `ends`, `len()`
    and `token_range` tokenize everything (once).
    """

    __slots__ = ("_bounds", "_chunks", "_full", "text")

    def __init__(self, text: str, chunk: int = 4096) -> None:
        self.text = text
        n = len(text)
        bounds = [0]
        pos = chunk
        while pos < n:
            m = _SPACE_RE.search(text, pos)
            if m is None:
                break
            bounds.append(m.start())
            pos = m.start() + chunk
        bounds.append(n)
        self._bounds = bounds  # chunk k is text[bounds[k]:bounds[k + 1]]; inner bounds are spaces
        self._chunks: dict[int, tuple[list[int], list[int]]] = {}
        self._full: TokenIndex | None = None

    def _chunk_of(self, pos: int) -> int:
        return min(max(bisect_right(self._bounds, pos) - 1, 0), len(self._bounds) - 2)

    def _tokens(self, k: int) -> tuple[list[int], list[int]]:
        got = self._chunks.get(k)
        if got is None:
            spans = _spans(self.text, self._bounds[k], self._bounds[k + 1])
            got = self._chunks[k] = ([s for s, _ in spans], [e for _, e in spans])
        return got

    def _index(self) -> TokenIndex:
        if self._full is None:
            toks: list[Token] = []
            for k in range(len(self._bounds) - 1):
                starts, ends = self._tokens(k)
                toks.extend(zip(starts, ends, strict=True))
            self._full = TokenIndex(self.text, toks)
        return self._full

    @property
    def starts(self) -> list[int]:
        return self._index().starts

    @property
    def ends(self) -> list[int]:
        return self._index().ends

    def __len__(self) -> int:
        return len(self._index())

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        return self._index().token_range(start, end)

    def _first_ending_after(self, pos: int) -> Token | None:
        for k in range(self._chunk_of(pos), len(self._bounds) - 1):
            starts, ends = self._tokens(k)
            i = bisect_right(ends, pos)
            if i < len(ends):
                return starts[i], ends[i]
        return None

    def _last_starting_before(self, pos: int) -> Token | None:
        for k in range(self._chunk_of(pos), -1, -1):
            starts, ends = self._tokens(k)
            j = bisect_left(starts, pos) - 1
            if j >= 0:
                return starts[j], ends[j]
        return None

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """As `TokenIndex.snap`."""
        if start > end:
            start, end = end, start
        start = max(0, start)
        end = min(len(self.text), end)
        first = self._first_ending_after(start)
        last = self._last_starting_before(end)
        if first is None or last is None or last[0] < first[0]:
            return None
        return first[0], last[1]

    def is_aligned(self, start: int, end: int) -> bool:
        """As `TokenIndex.is_aligned`."""
        if start >= end or start < 0 or end > len(self.text):
            return False
        starts, _ = self._tokens(self._chunk_of(start))
        i = bisect_left(starts, start)
        if i >= len(starts) or starts[i] != start:
            return False
        _, ends = self._tokens(self._chunk_of(end - 1))
        j = bisect_left(ends, end)
        return j < len(ends) and ends[j] == end

    def token_at(self, pos: int) -> Token | None:
        """As `TokenIndex.token_at`."""
        if not 0 <= pos < len(self.text):
            return None
        starts, ends = self._tokens(self._chunk_of(pos))
        i = bisect_right(starts, pos) - 1
        if i >= 0 and starts[i] <= pos < ends[i]:
            return starts[i], ends[i]
        return None
