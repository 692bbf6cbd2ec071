"""How many entities of VLSP-2018-style Vietnamese news the project tokenizer can represent.

    python bench/tokenizer.py [--documents 3000] [--seed 2018] [--json]
    python bench/tokenizer.py --conll PATH [--conll PATH ...] [--json]

Generated corpus (seeded, so every machine builds the same one): news articles of 8-24 sentences
with PER, LOC, ORG and MISC entities in the style of VLSP 2018 (nested: `UBND tỉnh Quảng Ninh` is
an ORG holding the LOC `Quảng Ninh`), written the way crawled news writes them: titles glued to
names (`PGS.TS Nguyễn…`, `Mr.Kim`), administrative abbreviations (`TP.Hồ Chí Minh`, `Tp.HCM`,
`P.Bến Nghé, Q.1`), entities inside quotes and brackets and before commas, numbers, dates,
percentages and money, and the glue seen in crawled text: a missing space after a sentence's
final punctuation (`Hà Nội.Ông`, `…!Bà`, `”.Ông`), a headline glued to the body at a
lower->upper case change (`Tâm AnTọa lạc`), a missing space after a comma or before a name
(`ởHà Nội`), a capitalised word glued to an acronym (`UBNDTỉnh`). Names are invented from
common Vietnamese family, middle and given names; places and bodies are the usual ones of news.

An entity is represented when its start is a token start and its end a token end
(`TokenIndex.is_aligned`, what spaCy's strict `Doc.char_span` needs). Printed: `entities`,
`represented`, `share`, `goal` (0.9995), counts by label and by glue kind, up to
`--examples` entities not represented (with context), `tokenize_seconds` (median wall time of
tokenizing every text, over `--repeat` runs), `cpu_seconds` (its process CPU time),
`tokens_per_second`, `load_average` (1 min; how shared the machine was).

`--conll PATH` measures a BIO CoNLL file instead (one token a line, the tag in the last column,
sentences separated by blank lines; `B-X`/`I-X`, an `I-` without a `B-` opens an entity): each
sentence's text is its tokens joined by single spaces, so this catches regressions on ordinary
text, not glue. It also prints `source_tokens_split`: how many of the file's tokens the tokenizer
cuts further (`TP.` alone is `TP` `.`; `N.H.N.`), with the most frequent (`most_split`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.core import tokenize as tok  # the module, so a patched tokenizer is seen

GOAL = 0.9995

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý", "Đinh", "Lâm", "Trịnh", "Mai", "Tạ", "Lương", "Đoàn", "Khuất", "Ông"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân", "Công", "Đình",
          "Hoài", "Bảo", "Kim", "Anh", ""]
GIVEN = ["An", "Anh", "Bình", "Chi", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa",
         "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Nhung",
         "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Tú", "Tuấn", "Uyên", "Việt",
         "Vy", "Yến", "Ánh", "Ơn", "Ước", "Ý"]
FOREIGN = ["Park Hang-seo", "Kim Sang-sik", "Lee Jae-myung", "Moon Jae-in", "Shin Tae-yong", "Troussier",
           "Emmanuel Macron", "Joe Biden", "Donald Trump", "Kishida Fumio", "Tập Cận Bình", "Putin",
           "Ban Ki-moon", "Anthony Blinken", "Olaf Scholz", "Lionel Messi", "Cristiano Ronaldo"]
TITLES = ["ông", "bà", "anh", "chị", "em", "cháu", "PGS.TS", "ThS.BS", "TS.", "GS.", "BS.", "KS.", "NCS.",
          "ThS.", "GS.TSKH", "BSCKII.", "LS.", "Thượng tá", "Đại tá", "Thiếu tướng", "Chủ tịch", "Giám đốc",
          "Bộ trưởng", "Thủ tướng", "HLV", "nhà báo", "nghệ sĩ", "NSND", "NSƯT", "Mr.", "Ms.", "đồng chí"]
PROVINCES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Quảng Ninh", "Nghệ An", "Thanh Hóa",
             "Bắc Ninh", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Bình Dương", "Đồng Nai", "Kiên Giang",
             "Cà Mau", "An Giang", "Lào Cai", "Hà Giang", "Quảng Nam", "Bình Thuận", "Thừa Thiên Huế",
             "Bà Rịa - Vũng Tàu", "Ninh Bình", "Hòa Bình", "Sơn La", "Điện Biên", "Yên Bái", "Long An"]
PLACES = ["Phú Quốc", "Sa Pa", "Hội An", "Vũng Tàu", "Hạ Long", "Đà Lạt", "Mỹ Sơn", "Côn Đảo", "Tây Nguyên",
          "đồng bằng sông Cửu Long", "Biển Đông", "sông Hồng", "Hoàng Sa", "Trường Sa"]
COUNTRIES = ["Việt Nam", "Hàn Quốc", "Nhật Bản", "Mỹ", "Trung Quốc", "Hoa Kỳ", "Pháp", "Đức", "Lào",
             "Campuchia", "Thái Lan", "Singapore", "Australia", "Nga", "Anh", "Ấn Độ", "Indonesia"]
HCM = ["TP.HCM", "TP. Hồ Chí Minh", "TP.Hồ Chí Minh", "Tp.HCM", "TPHCM", "TP HCM", "TP Hồ Chí Minh"]
DISTRICTS = ["Hoàn Kiếm", "Ba Đình", "Cầu Giấy", "Bình Thạnh", "Gò Vấp", "Thủ Đức", "Củ Chi", "Hải Châu",
             "Ninh Kiều", "Long Biên"]
WARDS = ["Bến Nghé", "Bến Thành", "Tân Định", "Đa Kao", "Láng Hạ", "Dịch Vọng", "Tân Thạnh", "Phúc Xá"]
BODIES = ["Bộ Y tế", "Bộ Công an", "Bộ Giáo dục và Đào tạo", "Bộ Tài chính", "Bộ Ngoại giao", "Quốc hội",
          "Chính phủ", "Tổng cục Thống kê", "Ngân hàng Nhà nước", "Bệnh viện Bạch Mai", "Bệnh viện Chợ Rẫy",
          "Bệnh viện Nhi Trung ương", "Tập đoàn Điện lực Việt Nam", "EVN", "Viettel", "FPT", "Vingroup",
          "VinFast", "VPBank", "Vietcombank", "BIDV", "TPBank", "HDBank", "VnExpress", "Báo Tuổi Trẻ",
          "Báo Thanh Niên", "Thông tấn xã Việt Nam", "KOICA", "Liên Hợp Quốc", "WHO", "UNICEF", "ASEAN",
          "Trường ĐH Bách khoa Hà Nội", "ĐHQG-HCM", "Đại học Quốc gia Hà Nội", "CLB Hà Nội", "HAGL",
          "Học viện Nông nghiệp Việt Nam", "Vietnam Airlines", "Vietjet Air", "MobiFone", "VNPT"]
COMPANY_NAMES = ["Tâm An", "Minh Phát", "Hòa Bình", "Sao Mai", "Thành Công", "Phú Thịnh", "Đại Dương",
                 "Hưng Thịnh", "Ánh Dương", "Việt Úc", "Thiên Long", "An Khang"]
MISC = ["COVID-19", "SEA Games 31", "Tết Nguyên đán", "iPhone 15", "V-League", "AFF Cup 2024",
        "Luật Đất đai", "Giải thưởng Bùi Xuân Phái", "Festival Huế", "World Cup", "Euro 2024",
        "Cách mạng công nghiệp 4.0", "Nghị định 100", "Galaxy S24", "Giải Ngoại hạng Anh", "ASIAD 19",
        "Hội nghị APEC", "Quốc khánh 2/9", "Olympic Tokyo"]
ROLES = ["Giám đốc", "Phó giám đốc", "Chủ tịch", "Phó chủ tịch", "Trưởng phòng", "người phát ngôn",
         "Tổng giám đốc", "Trưởng khoa", "Hiệu trưởng", "Bí thư"]
CLAUSES = ["đơn vị đã hoàn thành kế hoạch năm", "tình hình đang được kiểm soát",
           "dự án sẽ hoàn thành trong quý tới", "số ca mắc mới giảm mạnh", "giá điện sẽ không tăng",
           "các trường sẽ mở cửa trở lại", "lực lượng chức năng đang điều tra vụ việc"]
QUOTES = ["Chúng tôi sẽ làm hết sức", "Đây là thành công của cả tập thể", "Không có vùng cấm",
          "Người dân cần bình tĩnh", "Tôi rất tự hào"]
CRIMES = ["lừa đảo chiếm đoạt tài sản", "buôn lậu", "vi phạm quy định về giao thông", "trộm cắp tài sản"]
HEAD_WORDS = ["Toàn cảnh", "Khai mạc", "Bế mạc", "Khánh thành", "Ra mắt", "Xử phạt", "Khởi công"]


@dataclass
class Piece:
    """Text with the entities inside it, offsets relative to the piece's start."""

    text: str
    entities: list[tuple[int, int, str]] = field(default_factory=list)


def ent(label: str, *parts: Piece | str) -> Piece:
    """`parts` joined as one entity of `label`, keeping the entities nested inside."""
    p = cat(*parts)
    return Piece(p.text, [*p.entities, (0, len(p.text), label)])


def cat(*parts: Piece | str) -> Piece:
    text, ents = "", []
    for part in parts:
        if isinstance(part, str):
            text += part
        else:
            ents.extend((s + len(text), e + len(text), lab) for s, e, lab in part.entities)
            text += part.text
    return Piece(text, ents)


class Gen:
    """Seeded VLSP-2018-style sentences; `kinds` counts every glue written, by kind."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.kinds: Counter[str] = Counter()

    def chance(self, p: float, kind: str | None = None) -> bool:
        hit = self.rng.random() < p
        if hit and kind:
            self.kinds[kind] += 1
        return hit

    def pick(self, seq):
        return self.rng.choice(seq)

    # entities ------------------------------------------------------------------------------
    def person(self) -> Piece:
        r = self.rng.random()
        if r < 0.08:
            return ent("PER", self.pick(FOREIGN))
        if r < 0.10:  # anonymised, as court and police news write them
            self.kinds["initials"] += 1
            f, m, g = self.pick(FAMILY), self.pick(MIDDLE) or "Văn", self.pick(GIVEN)
            return ent("PER", self.pick([f"{f[0]}.{m[0]}.{g[0]}", f"{f} {m} {g[0]}", f"{f[0]}.{m[0]}.{g}"]))
        mid = self.pick(MIDDLE)
        name = " ".join(w for w in (self.pick(FAMILY), mid, self.pick(GIVEN)) if w)
        if self.chance(0.25):
            name += " " + self.pick(GIVEN)
        return ent("PER", name)

    def titled_person(self) -> Piece:
        title = self.pick(TITLES)
        person = self.person()
        if title in ("PGS.TS", "ThS.BS", "GS.TSKH") and self.chance(0.3):
            title += "."
        # `TS.Nguyễn`: a title's period glued to a name (initials keep their space: `TS. N.V.A`)
        glued = title.endswith(".") and "." not in person.text and self.chance(0.5, "title_glued")
        return cat(title, "" if glued else " ", person)

    def province(self) -> Piece:
        return ent("LOC", self.pick(PROVINCES))

    def location(self) -> Piece:
        r = self.rng.random()
        if r < 0.35:
            return self.province()
        if r < 0.55:
            self.kinds["hcm_form"] += 1
            return ent("LOC", self.pick(HCM))
        if r < 0.70:
            return ent("LOC", self.pick(COUNTRIES))
        if r < 0.82:
            return ent("LOC", self.pick(PLACES))
        if r < 0.90:  # `tỉnh Quảng Ninh`: the unit inside or outside the entity, as annotators differ
            unit = self.pick(["tỉnh", "thành phố", "huyện", "quận"])
            return ent("LOC", unit, " ", self.province()) if self.chance(0.5) else cat(unit, " ", self.province())
        return self.address()

    def address(self) -> Piece:
        """`số 12 đường Lê Lợi, P.Bến Nghé, Q.1, TP.HCM`: each unit a LOC, the address one too."""
        self.kinds["address"] += 1
        glued = self.chance(0.6, "unit_abbreviation_glued")
        ward = ent("LOC", "P." if glued else "phường ", self.pick(WARDS))
        name = self.pick(DISTRICTS)
        district = ent("LOC", self.pick(["Q.1", "Q.3", "Q.10", f"Q.{name}" if glued else f"quận {name}"]))
        city = ent("LOC", self.pick([*HCM, "Hà Nội"]))
        street = f"số {self.rng.randint(1, 300)} đường {self.pick(FAMILY)} {self.pick(GIVEN)}"
        comma = "," if self.chance(0.05, "comma_glued") else ", "
        return ent("LOC", street, ", ", ward, comma, district, ", ", city)

    def organisation(self) -> Piece:
        r = self.rng.random()
        if r < 0.35:
            return ent("ORG", self.pick(BODIES))
        if r < 0.50:
            head = self.pick(["UBND", "HĐND", "Sở Y tế", "Công an", "Sở Giáo dục và Đào tạo", "Tỉnh ủy",
                              "Sở Tài nguyên và Môi trường"])
            if head in ("UBND", "HĐND") and self.chance(0.03, "acronym_glued"):
                return ent("ORG", head, ent("LOC", "Tỉnh " + self.pick(PROVINCES)))
            unit = self.pick(["tỉnh ", "thành phố ", ""]) if head != "Tỉnh ủy" else ""
            return ent("ORG", head, " ", unit, self.province())
        if r < 0.60:
            return ent("ORG", self.pick(["UBND", "Công an", "Sở Y tế"]), " ", ent("LOC", self.pick(HCM)))
        if r < 0.80:
            kind = self.pick(["Công ty CP", "Công ty TNHH", "Tập đoàn", "Công ty cổ phần", "Ngân hàng TMCP"])
            return ent("ORG", kind, " ", self.pick(COMPANY_NAMES))
        if r < 0.90:  # a body and its acronym in brackets
            body, acr = self.pick([("Tập đoàn Điện lực Việt Nam", "EVN"), ("Tổ chức Y tế Thế giới", "WHO"),
                                   ("Cơ quan Hợp tác Quốc tế Hàn Quốc", "KOICA"),
                                   ("Ngân hàng TMCP Ngoại thương Việt Nam", "Vietcombank")])
            return cat(ent("ORG", body), " (", ent("ORG", acr), ")")
        return ent("ORG", "Trường THPT ", self.person())

    def misc(self) -> Piece:
        return ent("MISC", self.pick(MISC))

    # sentences ----------------------------------------------------------------------------
    def date(self) -> str:
        d, m, y = self.rng.randint(1, 28), self.rng.randint(1, 12), self.rng.randint(2018, 2026)
        return self.pick([f"{d}/{m}", f"{d}/{m}/{y}", f"ngày {d}/{m}", f"{d:02d}/{m:02d}/{y}"])

    def number(self) -> str:
        return self.pick([f"{self.rng.randint(2, 999)}", f"{self.rng.randint(1, 99)},{self.rng.randint(1, 9)}",
                          f"{self.rng.randint(1, 999)}.{self.rng.randint(0, 999):03d}",
                          f"{self.rng.randint(1, 99)}.{self.rng.randint(0, 999):03d}.{self.rng.randint(0, 999):03d}"])

    def sentence(self) -> Piece:
        k = self.rng.randrange(12)
        if k == 0:
            return cat(self.titled_person(), ", ", self.pick(ROLES), " ", self.organisation(), ", cho biết ",
                       self.pick(CLAUSES), ".")
        if k == 1:
            return cat("Sáng ", self.date(), ", tại ", self.location(), ", ", self.organisation(),
                       " tổ chức lễ khởi công dự án trị giá ", self.number(), " tỷ đồng.")
        if k == 2:
            return cat("Theo ", self.organisation(), ", ", self.location(), " đón ", self.number(),
                       " lượt khách, tăng ", self.number(), "% so với cùng kỳ.")
        if k == 3:
            return cat("“", self.pick(QUOTES), "”, ", self.titled_person(), " nói.")
        if k == 4:
            return cat(self.person(), " (", str(self.rng.randint(18, 70)), " tuổi, trú tại ", self.location(),
                       ") bị ", self.organisation(), " khởi tố về tội ", self.pick(CRIMES), ".")
        if k == 5:
            return cat("Đội tuyển ", self.location(), " giành huy chương vàng tại ", self.misc(), ".")
        if k == 6:
            return cat("Trước đó, ", self.organisation(), " đã ký biên bản ghi nhớ với ", self.organisation(),
                       " tại ", self.location(), ".")
        if k == 7:
            return cat("Đoàn công tác đã đến thăm ", self.location(), self.pick([".", "!", "."]))
        if k == 8:
            where = self.location()
            glued = where.text[0].isupper() and self.chance(0.02, "lower_upper_glued")  # ởHà Nội
            return cat("Nhiều người dân ", self.pick(["ở", "tại", "từ"]), "" if glued else " ", where,
                       " quan tâm đến ", "“" if self.chance(0.3) else "", self.misc(), ".")
        if k == 9:
            return cat("Ông ", self.person(), " là ", self.pick(ROLES), " của ", self.organisation(),
                       self.pick([".", "?", "."]))
        if k == 10:
            return cat("Lãnh đạo ", self.organisation(), " và ", self.organisation(), " làm việc với ",
                       self.titled_person(), ".")
        return cat("Giá ", self.misc(), " tại ", self.location(), " giảm ", self.number(), "% vào ", self.date(), ".")

    def headline(self) -> Piece:
        return cat(self.pick(HEAD_WORDS), " ", self.pick([self.organisation, self.location, self.misc])())

    def article(self) -> Piece:
        parts: list[Piece | str] = []
        if self.chance(0.5):
            parts.append(self.headline())
            # crawled pages often lose the line break between headline and body
            parts.append("" if self.chance(0.15, "headline_glued") else "\n")
        for i in range(self.rng.randint(8, 24)):
            s = self.sentence()
            s.text = s.text[0].upper() + s.text[1:]  # `ông Nguyễn…` at a sentence's start is `Ông Nguyễn…`
            if i and self.chance(0.05):  # a quoted sentence: “….”
                s = cat("“", s, "”")
            parts.append(s)
            sep = "\n" if self.chance(0.15) else " "
            if self.chance(0.03, "period_glued"):
                sep = ""
            parts.append(sep)
        return cat(*parts)


def represented(text: str, entities: list[tuple[int, int, str]]) -> tuple[int, list[tuple[int, int, str]]]:
    index = tok.TokenIndex(text)
    bad = [(s, e, lab) for s, e, lab in entities if not index.is_aligned(s, e)]
    return len(entities) - len(bad), bad


def read_conll(path: Path) -> list[Piece]:
    """One Piece per sentence: tokens joined by spaces, BIO entities as offsets."""
    out: list[Piece] = []
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if not words:
            return
        text, ents = "", []
        cur: list = []  # [start, end, label] of the open entity
        for w, t in zip(words, tags, strict=True):
            text += ("" if not text else " ") + w
            start = len(text) - len(w)
            pos = len(text)
            if t.startswith("B-") or (t.startswith("I-") and (not cur or cur[2] != t[2:])):
                if cur:
                    ents.append(tuple(cur))
                cur = [start, pos, t[2:]]
            elif t.startswith("I-"):
                cur[1] = pos
            else:
                if cur:
                    ents.append(tuple(cur))
                cur = []
        if cur:
            ents.append(tuple(cur))
        out.append(Piece(text, ents))
        words.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols:
            flush()
        else:
            words.append(cols[0])
            tags.append(cols[-1])
    flush()
    return out


def split_source_tokens(pieces: list[Piece]) -> dict:
    """How many tokens of the CoNLL file the tokenizer cuts further (the cost of its splits)."""
    words = Counter(w for p in pieces for w in p.text.split(" "))
    split = Counter({w: n for w, n in words.items() if len(tok.tokenize(w)) > 1})
    return {
        "source_tokens": sum(words.values()),
        "source_tokens_split": sum(split.values()),
        "most_split": [f"{w} -> {' '.join(tok.token_texts(w))} ({n})" for w, n in split.most_common(12)],
    }


def measure(pieces: list[Piece], repeat: int, n_examples: int) -> dict:
    texts = [p.text for p in pieces]
    runs, cpu = [], []
    n_tokens = 0
    for _ in range(max(1, repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        n_tokens = sum(len(tok.tokenize(t)) for t in texts)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    total = good = 0
    by_label: Counter[str] = Counter()
    bad_label: Counter[str] = Counter()
    examples: list[str] = []
    for p in pieces:
        ok, bad = represented(p.text, p.entities)
        total += len(p.entities)
        good += ok
        by_label.update(lab for _, _, lab in p.entities)
        bad_label.update(lab for _, _, lab in bad)
        for s, e, lab in bad:
            if len(examples) < n_examples:
                ctx = p.text[max(0, s - 12) : e + 12].replace("\n", "⏎")
                examples.append(f"{lab} {p.text[s:e]!r} in …{ctx}…")
    wall = statistics.median(runs)
    return {
        "entities": total,
        "represented": good,
        "share": round(good / total, 6) if total else None,
        "goal": GOAL,
        "meets_goal": bool(total) and good / total >= GOAL,
        "by_label": {lab: {"entities": n, "not_represented": bad_label[lab]} for lab, n in sorted(by_label.items())},
        "not_represented_examples": examples,
        "texts": len(texts),
        "characters": sum(map(len, texts)),
        "tokens": n_tokens,
        "tokenize_seconds": round(wall, 4),
        "cpu_seconds": round(statistics.median(cpu), 4),
        "tokens_per_second": round(n_tokens / wall) if wall else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=3000, help="generated articles")
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--conll", type=Path, action="append", help="measure this BIO CoNLL file instead")
    ap.add_argument("--repeat", type=int, default=3, help="tokenizing runs; the median is reported")
    ap.add_argument("--examples", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    if args.conll:
        pieces = [p for path in args.conll for p in read_conll(path)]
        out = {"source": [str(p) for p in args.conll], **split_source_tokens(pieces)}
        kinds: dict[str, int] = {}
    else:
        gen = Gen(args.seed)
        pieces = [gen.article() for _ in range(args.documents)]
        out = {"source": f"generated: {args.documents} articles, seed {args.seed}"}
        kinds = dict(sorted(gen.kinds.items()))
    out.update(measure(pieces, args.repeat, args.examples))
    out["glue_written"] = kinds
    out["wall_seconds"] = round(time.perf_counter() - t0, 3)
    out["process_cpu_seconds"] = round(time.process_time() - c0, 3)
    out["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"{out['source']}")
        print(f"  {out['represented']} of {out['entities']} entities represented: share {out['share']} "
              f"(goal {GOAL}{', met' if out['meets_goal'] else ', NOT met'})")
        for lab, c in out["by_label"].items():
            print(f"  {lab}: {c['entities']} entities, {c['not_represented']} not represented")
        if kinds:
            print("  glue written: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
        print(f"  tokenize: {out['tokenize_seconds']} s wall, {out['cpu_seconds']} s CPU, "
              f"{out['tokens_per_second']} tokens/s; load average {out['load_average']}")
        for ex in out["not_represented_examples"]:
            print(f"    {ex}")
        if "source_tokens" in out:
            print(f"  {out['source_tokens_split']} of {out['source_tokens']} source tokens split further: "
                  + "; ".join(out["most_split"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
