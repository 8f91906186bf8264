"""Benchmark: recall of the repeat suggestions (petitions.services.similar_petitions) on paraphrases.

A generated commune holds, in each of its villages, grievances raised once (the originals) among
look-alike petitions of the same topic (other grievances, other places of the same kind). Each
original is then raised again in other words, in the same village: synonyms swapped, the words
moved, a lead-in and a tail added (“Cử tri ấp … tiếp tục kiến nghị …”). Recall is the share of
those paraphrases whose original is among the suggestions the intake page shows (the top 5);
top-1 the share where it comes first. The same generated set is measured on SQLite and on
PostgreSQL side by side, each in a process and throw-away database of its own.

    .venv/bin/python bench/repeats.py [--grievances 300] [--pg-url postgres://postgres@127.0.0.1:5432/bench]
    make bench-repeats

Without --pg-url it uses BENCH_PG_URL or DATABASE_URL when set, else it measures SQLite alone.
Goal (issue 11): both ≥ 0.90, SQLite within 10 points of PostgreSQL.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _benchdb  # noqa: E402  (bench/ is not a package)

VILLAGES = 5
TOP = 5

#: Grievances: {x} a place of the village (distinct between look-alikes), {v} the village.
GRIEVANCES = [
    ("ha-tang", "Đường liên thôn đoạn qua {x} bị hư hỏng nặng, đề nghị sửa chữa"),
    ("ha-tang", "Mương thoát nước cạnh {x} bị bồi lắng, đề nghị nạo vét"),
    ("ha-tang", "Đèn chiếu sáng đường trước {x} hỏng nhiều tháng chưa được thay"),
    ("ha-tang", "Cầu dân sinh gần {x} xuống cấp, nguy hiểm cho học sinh qua lại"),
    ("moi-truong", "Rác thải sinh hoạt quanh {x} chưa được thu gom thường xuyên, gây ô nhiễm"),
    ("moi-truong", "Cơ sở chăn nuôi heo gần {x} xả nước thải ra kênh, mùi hôi nặng"),
    ("dat-dai", "Hộ gia đình ở gần {x} chưa được cấp giấy chứng nhận quyền sử dụng đất"),
    ("dat-dai", "Tranh chấp ranh giới đất giữa các hộ cạnh {x} kéo dài chưa được giải quyết"),
    ("an-ninh", "Tình trạng trộm cắp vặt khu vực {x} gia tăng, đề nghị tăng cường tuần tra"),
    ("an-ninh", "Thanh niên tụ tập đua xe trên đường trước {x} vào ban đêm gây mất trật tự"),
]
PLACES = ["nhà văn hóa", "chợ", "trường tiểu học", "trạm y tế", "chùa", "đình làng", "bến đò", "sân bóng",
          "nghĩa trang", "trụ sở ấp", "cánh đồng", "trường mầm non"]  # fmt: skip
#: Paraphrase: each phrase may be replaced by one of its synonyms.
SYNONYMS = {
    "đề nghị": ["kiến nghị", "yêu cầu", "mong chính quyền"],
    "sửa chữa": ["sửa", "khắc phục", "nâng cấp"],
    "hư hỏng nặng": ["xuống cấp nghiêm trọng", "hỏng nặng"],
    "bị": ["đã bị", ""],
    "chưa được": ["vẫn chưa được", "đến nay chưa"],
    "gây ô nhiễm": ["làm ô nhiễm môi trường"],
    "thường xuyên": ["kịp thời"],
    "nguy hiểm cho": ["mất an toàn cho"],
    "tăng cường tuần tra": ["công an xã tuần tra nhiều hơn"],
    "gia tăng": ["ngày càng nhiều"],
    "kéo dài": ["nhiều năm"],
    "mùi hôi nặng": ["gây mùi hôi"],
    "Đường liên thôn": ["Tuyến đường liên ấp"],
}
LEADS = ["", "Cử tri {v} tiếp tục kiến nghị: ", "Nhân dân {v} phản ánh ", "Bà con {v} nêu lại việc ", "Tiếp tục "]
TAILS = ["", " từ lâu", ", đến nay vẫn chưa giải quyết", " nhiều năm nay", "; đề nghị xã sớm quan tâm"]
#: Who raised it (the stored search text carries the name, and the receipt code): as offices type them.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hữu", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hoa", "Lan", "Mai", "Nam", "Phúc", "Sơn", "Tâm", "Tuấn"]


def paraphrase(text, village, rng):
    for phrase, options in SYNONYMS.items():
        if phrase in text and rng.random() < 0.7:
            text = text.replace(phrase, rng.choice(options), 1)
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 1 and rng.random() < 0.5:
        parts = [parts[-1].capitalize(), parts[0][0].lower() + parts[0][1:], *parts[1:-1]]
    body = ", ".join(p for p in parts if p)
    lead = rng.choice(LEADS).format(v=village)
    if lead:
        body = body[0].lower() + body[1:]
    return " ".join(f"{lead}{body}{rng.choice(TAILS)}".split())


def generate(grievances, seed=20261203):
    """(stored, queries): petitions to store, and (paraphrase, index of its original in STORED)."""
    rng = random.Random(seed)
    stored, queries = [], []
    for n in range(grievances):
        village = n % VILLAGES
        topic, template = GRIEVANCES[(n // VILLAGES) % len(GRIEVANCES)]
        places = rng.sample(PLACES, 3)
        original = template.format(x=places[0])
        queries.append((paraphrase(original, f"ấp {village + 1}", rng), len(stored)))
        stored.append((village, topic, original, name(rng)))
        # Look-alikes in the same village and topic: the same grievance elsewhere, another grievance.
        stored.append((village, topic, template.format(x=places[1]), name(rng)))
        other = [t for c, t in GRIEVANCES if c == topic and t != template]
        stored.append((village, topic, rng.choice(other).format(x=places[2]), name(rng)))
    return stored, queries


def name(rng):
    """A citizen's name, or none (anonymous) for one petition in four."""
    if rng.random() < 0.25:
        return ""
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def setup_django():
    sys.path.insert(0, str(ROOT))
    for name, value in (("DEBUG", "0"), ("SECRET_KEY", "bench-only-not-secret"), ("SECURE_SSL_REDIRECT", "0"),
                        ("SESSION_COOKIE_SECURE", "0"), ("CSRF_COOKIE_SECURE", "0")):  # fmt: skip
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def measure(grievances, db_name=None):
    """In this process's database: store the set, query each paraphrase; {vendor, recall, top1, ms}."""
    import datetime

    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    _benchdb.use_own_database(connection, "repeats", db_name)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from directory.models import Membership
        from petitions.models import Petition, Topic
        from petitions.services import similar_petitions
        from tests.factories import CommuneFactory, UserFactory, VillageFactory, member

        commune = CommuneFactory(name="Bench")
        villages = [VillageFactory(commune=commune, name=str(i + 1)) for i in range(VILLAGES)]
        clerk = member(UserFactory(username="bench_clerk"), commune, Membership.Role.STATE_OFFICE)
        topics = {t.code: t for t in Topic.objects.filter(commune__isnull=True)}
        stored, queries = generate(grievances)
        today = datetime.date.today()
        rows = []
        for i, (village, topic, content, citizen) in enumerate(stored):
            p = Petition(
                commune=commune,
                code=f"R-{i:06d}",
                source="letter",
                received_on=today - datetime.timedelta(days=400 - i % 300),
                village=villages[village],
                topic=topics[topic],
                content=content,
                citizen_name=citizen,
                status="received",
            )
            p.search_text = p.build_search_text()
            rows.append(p)
        Petition.objects.bulk_create(rows, batch_size=1000)
        pk_of = dict(Petition.objects.values_list("code", "pk"))
        found = first = 0
        start = time.perf_counter()
        for text, index in queries:
            village, topic, _, _ = stored[index]
            want = pk_of[f"R-{index:06d}"]
            got = [
                p.pk
                for p in similar_petitions(
                    user=clerk, commune=commune, topic=topics[topic], content=text, village=villages[village], limit=TOP
                )
            ]
            found += want in got
            first += bool(got) and got[0] == want
        ms = (time.perf_counter() - start) * 1000 / len(queries)
        return {
            "vendor": connection.vendor,
            "recall": found / len(queries),
            "top1": first / len(queries),
            "ms": ms,
            "n": len(queries),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run_child(grievances, database_url, db_name=None):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, __file__, "--child", "--grievances", str(grievances)]
        + (["--db-name", db_name] if db_name else []),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode:
        print(result.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grievances", type=int, default=200, help="paraphrased repeats to look for")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    _benchdb.add_option(parser, "repeats")
    args, _ = parser.parse_known_args(argv)
    if args.child:
        setup_django()
        print(json.dumps(measure(args.grievances, args.db_name)))
        return 0
    databases = [("SQLite", None)] + ([("PostgreSQL", args.pg_url)] if args.pg_url else [])
    results = {name: run_child(args.grievances, url, args.db_name) for name, url in databases}
    print(f"\nRepeat suggestions – recall of {args.grievances} paraphrased repeats, same village and topic")
    print(f"{'database':12}{'recall@' + str(TOP):>10}{'top-1':>8}{'ms/query':>10}")
    for name, r in results.items():
        if r is None:
            print(f"{name:12}{'failed':>10}")
        else:
            print(f"{name:12}{r['recall']:>10.3f}{r['top1']:>8.3f}{r['ms']:>10.1f}")
    ok = all(r is not None and r["recall"] >= 0.9 for r in results.values())
    if len(results) == 2 and all(results.values()):
        gap = results["PostgreSQL"]["recall"] - results["SQLite"]["recall"]
        print(f"  SQLite is {gap * 100:+.1f} points below PostgreSQL (goal: within 10)")
        ok = ok and gap <= 0.10
    print(f"  goal (both ≥ 0.90, SQLite within 10 points): {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
