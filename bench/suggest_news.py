"""Generated Vietnamese news articles with their entities, for `bench/suggest.py` and the tests.

Sentences in the style of provincial news on Vietnam–Korea cooperation: officials with their
titles, provinces and cities, Vietnamese and Korean bodies, Korean visitors, dates and sums.
Names are assembled from common family, middle and given names (invented people); the
entities are flat (no nesting), each with its offsets in the text. Deterministic per seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

VN_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
             "Dương", "Lý"]
VN_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Hải", "Ngọc", "Công", "Mạnh"]
VN_GIVEN = ["Đăng", "Linh", "Hiệp", "Ánh", "Cường", "Thiết", "Dũng", "Hùng", "Lan", "Hoa", "Tuấn", "Nam", "Bình",
            "Sơn", "Phúc", "Thảo", "Trung", "Khánh", "Long", "Quang", "Hương", "Tâm", "Vinh", "Hòa"]
KR_FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Seo"]
KR_GIVEN = ["Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Dong-wook", "Yung-rok", "Noh-wan", "Ga-yeon", "Sung-min",
            "Hye-jin", "Jae-won", "Eun-ji", "Tae-hyun", "Soo-ah"]
PROVINCES = ["Bình Thuận", "Lâm Đồng", "Đà Nẵng", "Quảng Nam", "Khánh Hòa", "Bắc Ninh", "Hải Phòng", "Cần Thơ",
             "Nghệ An", "Thanh Hóa", "Bình Dương", "Đồng Nai", "Quảng Ninh", "Thái Nguyên", "Hà Tĩnh", "Kiên Giang"]
KR_PLACES = ["Seoul", "Busan", "Incheon", "Daegu", "Gyeonggi", "Gangwon", "Ulsan", "Jeju", "Gwangju", "Daejeon"]
VN_TITLES = ["Chủ tịch UBND tỉnh {p}", "Phó Chủ tịch UBND tỉnh {p}", "Bí thư Tỉnh ủy {p}",
             "Giám đốc Sở Kế hoạch và Đầu tư tỉnh {p}", "Phó Chủ tịch Thường trực UBND tỉnh {p}",
             "Giám đốc Sở Công Thương tỉnh {p}", "Trưởng Ban Quản lý các khu công nghiệp tỉnh {p}"]
KR_TITLES = ["Đại sứ Hàn Quốc tại Việt Nam", "Tổng Lãnh sự Hàn Quốc tại TP Hồ Chí Minh", "Thị trưởng thành phố {k}",
             "Chủ tịch Hiệp hội Doanh nghiệp Hàn Quốc", "Tổng Giám đốc KOTRA Hà Nội", "Tỉnh trưởng tỉnh {k}"]
VN_ORGS = ["UBND tỉnh {p}", "Sở Kế hoạch và Đầu tư tỉnh {p}", "Bộ Công Thương", "Bộ Ngoại giao", "Tỉnh ủy {p}",
           "Ban Quản lý các khu công nghiệp tỉnh {p}", "Trung tâm Xúc tiến Đầu tư tỉnh {p}"]
KR_ORGS = ["KOTRA", "KOICA", "Samsung Electronics", "Tập đoàn LG", "Hyundai Motor", "Tập đoàn Lotte", "CJ Group",
           "Hiệp hội Doanh nghiệp Hàn Quốc tại Việt Nam", "Ngân hàng Shinhan", "Tập đoàn Hyosung", "Đại sứ quán Hàn Quốc"]
FIELDS = ["công nghiệp chế biến", "năng lượng tái tạo", "nông nghiệp công nghệ cao", "du lịch", "giáo dục nghề nghiệp",
          "logistics", "điện tử", "y tế", "chuyển đổi số"]


@dataclass
class Article:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list[tuple[int, int, str]] = []

    def say(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def ent(self, s: str, label: str) -> None:
        self.spans.append((self.pos, self.pos + len(s), label))
        self.say(s)


def _vn_name(rng: random.Random) -> str:
    return f"{rng.choice(VN_FAMILY)} {rng.choice(VN_MIDDLE)} {rng.choice(VN_GIVEN)}"


def _kr_name(rng: random.Random) -> str:
    given = rng.choice(KR_GIVEN)
    style = rng.random()
    if style < 0.2:
        return f"{rng.choice(KR_FAMILY).upper()} {given.upper()}"
    if style < 0.4:
        return f"{rng.choice(KR_FAMILY)} {given.replace('-', ' ')}"
    return f"{rng.choice(KR_FAMILY)} {given}"


def _sentence(b: _Builder, rng: random.Random) -> None:
    p, p2, k = rng.choice(PROVINCES), rng.choice(PROVINCES), rng.choice(KR_PLACES)
    kind = rng.randrange(8)
    if kind == 0:
        b.say("Ngày ")
        b.ent(f"{rng.randint(1, 28)}/{rng.randint(1, 12)}", "DATE")
        b.say(", ông ")
        b.ent(_vn_name(rng), "PER_VN")
        b.say(", ")
        b.ent(rng.choice(VN_TITLES).format(p=p), "TITLE")
        b.say(" đã tiếp ngài ")
        b.ent(_kr_name(rng), "PER_KR")
        b.say(", ")
        b.ent(rng.choice(KR_TITLES).format(k=k), "TITLE")
        b.say(".")
    elif kind == 1:
        b.ent(rng.choice(VN_ORGS).format(p=p), "ORG_VN")
        b.say(" và ")
        b.ent(rng.choice(KR_ORGS), "ORG_KR")
        b.say(f" đã ký biên bản ghi nhớ hợp tác trong lĩnh vực {rng.choice(FIELDS)}.")
    elif kind == 2:
        b.say("Đoàn công tác của ")
        b.ent(rng.choice(KR_ORGS), "ORG_KR")
        b.say(" do ông ")
        b.ent(_kr_name(rng), "PER_KR")
        b.say(" dẫn đầu đã đến thăm và làm việc tại tỉnh ")
        b.ent(p, "LOC_VN")
        b.say(".")
    elif kind == 3:
        b.say("Phát biểu tại buổi làm việc, bà ")
        b.ent(_vn_name(rng), "PER_VN")
        b.say(" cho biết tỉnh ")
        b.ent(p, "LOC_VN")
        b.say(f" hiện có {rng.randint(3, 90)} dự án của doanh nghiệp ")
        b.ent("Hàn Quốc", "LOC_KR")
        b.say(" với tổng vốn đăng ký ")
        b.ent(f"{rng.randint(10, 900)} triệu USD", "MONEY")
        b.say(".")
    elif kind == 4:
        b.say("Thành phố ")
        b.ent(k, "LOC_KR")
        b.say(" mong muốn tăng cường hợp tác với tỉnh ")
        b.ent(p2, "LOC_VN")
        b.say(f" về {rng.choice(FIELDS)} và trao đổi lao động.")
    elif kind == 5:
        b.say("Tiếp đó, ông ")
        b.ent(_vn_name(rng), "PER_VN")
        b.say(" đề nghị ")
        b.ent(rng.choice(KR_ORGS), "ORG_KR")
        b.say(" tiếp tục hỗ trợ ")
        b.ent(rng.choice(VN_ORGS).format(p=p), "ORG_VN")
        b.say(" trong công tác xúc tiến đầu tư.")
    elif kind == 6:
        b.say(f"Theo kế hoạch, hội nghị xúc tiến đầu tư sẽ được tổ chức tại {rng.choice(['thành phố', 'thủ đô'])} ")
        b.ent(k, "LOC_KR")
        b.say(" vào ngày ")
        b.ent(f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2023, 2026)}", "DATE")
        b.say(".")
    else:
        b.say("Các doanh nghiệp cho biết thủ tục đầu tư ngày càng thuận lợi, thời gian cấp phép được rút ngắn.")


def generate_articles(n: int, seed: int = 0, sentences: tuple[int, int] = (5, 9)) -> list[Article]:
    """`n` articles of `sentences` (min, max) sentences each, with their entities."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        b = _Builder()
        for i in range(rng.randint(*sentences)):
            if i:
                b.say(" ")
            _sentence(b, rng)
        out.append(Article("".join(b.parts), b.spans))
    return out


def to_jsonl_lines(articles: list[Article], annotator: str | None = None, prefix: str = "gen") -> list[dict]:
    """Prodigy-style records (text, spans, answer accept) that `annotator import` reads."""
    lines = []
    for i, a in enumerate(articles):
        rec = {"text": a.text, "meta": {"id": f"{prefix}-{i:05d}"},
               "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in a.spans], "answer": "accept"}
        lines.append(rec)
    return lines
