"""Generated Vietnamese news articles with their entities, for `bench/suggest.py` and the tests.

Sentences in the style of provincial news on Vietnam–Korea cooperation: officials with their
titles, provinces and cities, Vietnamese and Korean bodies, Korean visitors, dates and sums.
Names are assembled from common family, middle and given names (invented people); the
entities are flat (no nesting), each with its offsets in the text. Deterministic per seed.
Training articles (`training=True`) leave a quarter of every name list out.
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


class _Pools:
    """The names an article may use: every one, or (`held_out`) those of the training split only,
    so the unseen articles also mention provinces, bodies and people a model never saw."""

    def __init__(self, rng: random.Random, training: bool) -> None:
        def part(items: list[str]) -> list[str]:
            if not training:
                return items
            keep = [x for i, x in enumerate(items) if i % 4 != 3]  # a quarter held out
            return keep or items

        self.vn_given, self.kr_family, self.kr_given = part(VN_GIVEN), part(KR_FAMILY), part(KR_GIVEN)
        self.provinces, self.kr_places = part(PROVINCES), part(KR_PLACES)
        self.vn_orgs, self.kr_orgs = part(VN_ORGS), part(KR_ORGS)
        self.vn_titles, self.kr_titles = part(VN_TITLES), part(KR_TITLES)
        self.rng = rng

    def vn_name(self) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            return f"{rng.choice(VN_FAMILY)} {rng.choice(self.vn_given)}"
        if rng.random() < 0.15:
            return f"{rng.choice(VN_FAMILY)} {rng.choice(VN_MIDDLE)} {rng.choice(VN_MIDDLE)} {rng.choice(self.vn_given)}"
        return f"{rng.choice(VN_FAMILY)} {rng.choice(VN_MIDDLE)} {rng.choice(self.vn_given)}"

    def kr_name(self) -> str:
        rng = self.rng
        family, given = rng.choice(self.kr_family), rng.choice(self.kr_given)
        style = rng.random()
        if style < 0.2:
            return f"{family.upper()} {given.upper()}"
        if style < 0.4:
            return f"{family} {given.replace('-', ' ')}"
        if style < 0.5:
            return f"{given} {family}"
        return f"{family} {given}"


def _date(rng: random.Random, year: bool) -> str:
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    if year and rng.random() < 0.5:
        return f"ngày {d} tháng {m} năm {rng.randint(2022, 2026)}"
    return f"{d}/{m}/{rng.randint(2022, 2026)}" if year else f"{d}/{m}"


def _sentence(b: _Builder, pools: _Pools) -> None:
    rng = pools.rng
    p, p2, k = rng.choice(pools.provinces), rng.choice(pools.provinces), rng.choice(pools.kr_places)
    vn_title = rng.choice(pools.vn_titles).format(p=p)
    kr_title = rng.choice(pools.kr_titles).format(k=k)
    kind = rng.randrange(14)
    if kind == 0:
        b.say("Ngày ")
        b.ent(_date(rng, False), "DATE")
        b.say(f", {rng.choice(['ông', 'bà', 'đồng chí'])} ")
        b.ent(pools.vn_name(), "PER_VN")
        b.say(", ")
        b.ent(vn_title, "TITLE")
        b.say(f" đã {rng.choice(['tiếp', 'tiếp xã giao', 'làm việc với'])} ngài ")
        b.ent(pools.kr_name(), "PER_KR")
        b.say(", ")
        b.ent(kr_title, "TITLE")
        b.say(".")
    elif kind == 1:
        b.ent(rng.choice(pools.vn_orgs).format(p=p), "ORG_VN")
        b.say(" và ")
        b.ent(rng.choice(pools.kr_orgs), "ORG_KR")
        b.say(f" đã ký {rng.choice(['biên bản ghi nhớ', 'thỏa thuận', 'văn bản'])} hợp tác trong lĩnh vực "
              f"{rng.choice(FIELDS)}.")
    elif kind == 2:
        b.say("Đoàn công tác của ")
        b.ent(rng.choice(pools.kr_orgs), "ORG_KR")
        b.say(" do ông ")
        b.ent(pools.kr_name(), "PER_KR")
        b.say(f" dẫn đầu đã đến {rng.choice(['thăm và làm việc tại', 'khảo sát đầu tư tại'])} tỉnh ")
        b.ent(p, "LOC_VN")
        b.say(".")
    elif kind == 3:
        b.say("Phát biểu tại buổi làm việc, bà ")
        b.ent(pools.vn_name(), "PER_VN")
        b.say(" cho biết tỉnh ")
        b.ent(p, "LOC_VN")
        b.say(f" hiện có {rng.randint(3, 90)} dự án của doanh nghiệp ")
        b.ent("Hàn Quốc", "LOC_KR")
        b.say(" với tổng vốn đăng ký ")
        b.ent(f"{rng.randint(10, 900)} triệu USD", "MONEY")
        b.say(".")
    elif kind == 4:
        b.say(f"{rng.choice(['Thành phố', 'Chính quyền thành phố', 'Phía'])} ")
        b.ent(k, "LOC_KR")
        b.say(" mong muốn tăng cường hợp tác với ")
        b.ent(p2, "LOC_VN")
        b.say(f" về {rng.choice(FIELDS)} và trao đổi lao động.")
    elif kind == 5:
        b.say(f"{rng.choice(['Tiếp đó', 'Dịp này', 'Tại buổi tiếp'])}, ")
        b.ent(vn_title, "TITLE")
        b.say(" ")
        b.ent(pools.vn_name(), "PER_VN")
        b.say(" đề nghị ")
        b.ent(rng.choice(pools.kr_orgs), "ORG_KR")
        b.say(" tiếp tục hỗ trợ ")
        b.ent(rng.choice(pools.vn_orgs).format(p=p), "ORG_VN")
        b.say(" trong công tác xúc tiến đầu tư.")
    elif kind == 6:
        b.say(f"Theo kế hoạch, hội nghị xúc tiến đầu tư sẽ được tổ chức tại {rng.choice(['thành phố', 'thủ đô'])} ")
        b.ent(k, "LOC_KR")
        b.say(" vào ")
        b.ent(_date(rng, True), "DATE")
        b.say(".")
    elif kind == 7:
        b.say(f"Các doanh nghiệp cho biết thủ tục đầu tư ngày càng thuận lợi, thời gian cấp phép được rút ngắn "
              f"còn {rng.randint(5, 30)} ngày.")
    elif kind == 8:
        b.say("Cùng dự có ")
        names = [(pools.vn_name(), "PER_VN") for _ in range(rng.randint(1, 3))]
        for i, (name, label) in enumerate(names):
            if i:
                b.say(", ")
            b.say(rng.choice(["ông ", "bà "]))
            b.ent(name, label)
        b.say(" cùng lãnh đạo các sở, ngành của tỉnh.")
    elif kind == 9:
        b.say("Ông ")
        b.ent(pools.kr_name(), "PER_KR")
        b.say(" đánh giá cao môi trường đầu tư của ")
        b.ent("Việt Nam", "LOC_VN")
        b.say(" và cam kết mở rộng sản xuất, nâng tổng vốn lên ")
        b.ent(f"{rng.randint(1, 9)},{rng.randint(1, 9)} tỷ USD", "MONEY")
        b.say(".")
    elif kind == 10:
        b.say("Năm ")
        b.say(str(rng.randint(2015, 2025)))
        b.say(f", kim ngạch xuất khẩu của tỉnh sang thị trường này tăng {rng.randint(5, 40)}% so với cùng kỳ.")
    elif kind == 11:
        b.say("Theo ")
        b.ent(kr_title, "TITLE")
        b.say(" ")
        b.ent(pools.kr_name(), "PER_KR")
        b.say(", nhiều nhà đầu tư từ ")
        b.ent(k, "LOC_KR")
        b.say(" đang tìm hiểu cơ hội tại ")
        b.ent(p, "LOC_VN")
        b.say(" và ")
        b.ent(p2, "LOC_VN")
        b.say(".")
    elif kind == 12:
        b.ent(rng.choice(pools.kr_orgs), "ORG_KR")
        b.say(f" vừa khánh thành nhà máy thứ {rng.randint(2, 6)} tại khu công nghiệp của tỉnh ")
        b.ent(p, "LOC_VN")
        b.say(", tạo việc làm cho khoảng ")
        b.say(f"{rng.randint(1, 9)}.{rng.randint(100, 999)}")
        b.say(" lao động.")
    else:
        b.say("Trao đổi với phóng viên, ")
        b.ent(pools.vn_name(), "PER_VN")
        b.say(" – ")
        b.ent(vn_title, "TITLE")
        b.say(" – khẳng định tỉnh luôn đồng hành cùng doanh nghiệp.")


def generate_articles(
    n: int, seed: int = 0, sentences: tuple[int, int] = (5, 9), training: bool = False
) -> list[Article]:
    """`n` articles of `sentences` (min, max) sentences each, with their entities. `training`:
    drawn from three quarters of each name list only (a model trained on them then meets unseen
    provinces, bodies, titles and people in the other articles)."""
    rng = random.Random(seed)
    pools = _Pools(rng, training)
    out = []
    for _ in range(n):
        b = _Builder()
        for i in range(rng.randint(*sentences)):
            if i:
                b.say(" ")
            _sentence(b, pools)
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
