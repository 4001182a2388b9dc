"""Generate a province of benchmark data: 11 cities, 90 counties, ten years of records of every registry.

    .venv/bin/python bench/generate.py --scale 0.01                 # CI-sized: var/bench/fazhi.sqlite3
    .venv/bin/python bench/generate.py --scale 1 --var /data/bench  # the province, on SQLite
    .venv/bin/python bench/generate.py --scale 1 --database-url postgres://u:p@127.0.0.1:5432/bench
    make bench-data SCALE=0.1

How: the demo county (``fazhi demo``: 示范县, every registry's records from 2023 to today, built through the
registries' own services, so every record is in a state its workflow can reach) is the model county. Its
records of the **source year** (the last full year) are the template of one county-year: every record whose
own date (a case's 收到申请日期, a review's 送审日期, a document's 公布日期 …) falls in that year, with its
children (parties, clock stops, opinion items, filings, procedures, hearings …) and its workflow log. The current
year's records so far are the template of the current year.

The province is ``zj`` 示范省 (already the demo county's root) with 11 cities; the 90 counties are ``demo`` and
``k02``…``k90``, each with the demo county's tree (bureau, 15 departments, 10 townships, 10 stations) under its own
codes. Every county gets ten years, ``today.year - 9`` … ``today.year`` (the demo county keeps its own years and is
filled in before them): the template shifted by whole years (dates, years in numbers), its units replaced by the
county's, its numbers (案号, 审查编号, 文号) tagged with the county and year (``K0219·示司复〔2019〕12号``) so they stay unique, and links to records
outside the template year dropped (nullable) or the row skipped (required).

``--scale`` scales the number of counties: ``max(1, round(90 × scale))`` — 0.01 is the demo county alone with ten
years, 0.1 is 9 counties, 1 is the province. Per county-year the volumes are the demo county's.

Rows are written with pre-assigned ids by multi-row INSERTs (SQLite) or COPY (PostgreSQL) (one transaction per county; PostgreSQL's sequences
are moved past them at the end), and ANALYZE runs at the end so that the planner knows the tables, as
autovacuum would in production. Field history (django-simple-history) and the audit log are not generated: they are
not read by any benchmarked path except a detail page's history tab.

Running it again on a database that already holds the province prints what it holds and changes nothing;
``--reset`` starts from an empty database.
"""

import argparse
import io
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

CITIES = ["示范市", "东江市", "西岭市", "南湖市", "北原市", "青山市", "白水市", "金沙市", "银川口市", "临海市", "云台市"]
COUNTY_NAMES = "安平 宁远 永和 长乐 太和 清河 新丰 华阳 泰顺 龙泉 松阳 庆元 文成 开化 常山 江山 遂昌 缙云 天台 仙居 三门 玉环 嵊泗 岱山 象山 宁海 余姚 慈溪 德清 安吉 长兴 海盐 海宁 桐乡 嘉善 平湖 诸暨 嵊州 新昌 上虞 兰溪 义乌 武义 浦江 磐安 永康 建德 淳安 桐庐 富阳 临安 萧山 苍南 平阳 瑞安 乐清 洞头 永嘉 青田 景宁 云和 遂安 寿昌 分水 昌化 于潜 孝丰 武康 崇德 海昌 石门 双林 南浔 织里 菱湖 新市 乌镇 濮院 西塘 千岛 梅城 大溪 温岭 黄岩 路桥 椒江 临海 东阳 金华".split()


def shift_date(d, years):
    """A date or datetime moved by whole years (29 February becomes the 28th)."""
    if not years or d is None:
        return d
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def specs():
    """What is cloned, in order: each registry's ``bench.SPECS`` (:mod:`fazhi.core.bench`), in registry order, then
    the workflow log of every row cloned before it."""
    from fazhi.core import registry
    from fazhi.core.bench import Spec
    from fazhi.core.models import TransitionLog

    declared = [spec for reg in registry.registrations() for spec in reg.declared("bench", "SPECS", [])]
    return [*declared, Spec(TransitionLog, generic=True)]


# The numbers that must stay unique (alone, or with the court for a lawsuit's 案号): tagged per county-year.
NUMBER_COLUMNS = {"case_no", "review_no", "number", "document_no"}


def unique_text_columns(model):
    """The number columns of ``model`` (案号, 审查编号, 登记编号, 文号)."""
    from django.db import models

    return {f.attname for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.attname in NUMBER_COLUMNS}


def unique_serial_columns(model):
    """A 文号's serial (unique per issuer and year): moved past the model county's own numbers of earlier years."""
    return {f.attname for f in model._meta.concrete_fields if f.attname == "number_serial"}


SERIAL_OFFSET = 1000


def key_year(row, key):
    for name in key:
        v = row[name]
        if v is None:
            continue
        if isinstance(v, int):
            return v
        return v.year
    return None


class Template:
    """The rows of one source year, per model, as dicts; and for each model, how to write one shifted copy."""

    def __init__(self, county, source_year):
        from django.contrib.contenttypes.models import ContentType
        from django.db import models

        from fazhi.core.models import Org

        self.specs = specs()
        self.rows = {}
        self.columns = {}
        self.kinds = {}  # model → {attname: "org" | ("model", Model) | "unique" | "date" | "datetime" | "year"}
        cloned = {s.model for s in self.specs}
        subtree = set(Org.objects.filter(path__startswith=county.path).values_list("pk", flat=True))
        ids = {}
        for spec in self.specs:
            model = spec.model
            fields = list(model._meta.concrete_fields)
            cols = [f.attname for f in fields]
            self.columns[model] = fields
            kinds = {}
            uniques = unique_text_columns(model)
            serials = unique_serial_columns(model)
            for f in fields:
                if f.primary_key:
                    kinds[f.attname] = "pk"
                elif f.is_relation and f.related_model is Org:
                    kinds[f.attname] = "org"
                elif f.is_relation and f.related_model in cloned:
                    kinds[f.attname] = ("model", f.related_model)
                elif f.is_relation:  # users, content types, management areas: shared, kept as they are
                    kinds[f.attname] = "keep"
                elif f.attname in uniques:
                    kinds[f.attname] = "unique"
                elif isinstance(f, models.DateTimeField):
                    kinds[f.attname] = "datetime"
                elif isinstance(f, models.DateField):
                    kinds[f.attname] = "date"
                elif f.name == "year" or f.name.endswith("_year"):
                    kinds[f.attname] = "year"
                elif f.attname in serials:
                    kinds[f.attname] = "serial"
                else:
                    kinds[f.attname] = "keep"
            self.kinds[model] = kinds
            qs = model.objects.all()
            if spec.generic:
                by_ct = {ContentType.objects.get_for_model(m).pk: m for m in ids}
                rows = [r for r in qs.filter(content_type_id__in=list(by_ct)).order_by("pk").values(*cols)
                        if r["object_id"] in ids[by_ct[r["content_type_id"]]]]
            elif spec.parent:
                parent_model = model._meta.get_field(spec.parent.removesuffix("_id")).related_model
                rows = list(qs.filter(**{f"{spec.parent}__in": list(ids[parent_model])}).order_by("pk").values(*cols))
            else:
                rows = [r for r in qs.filter(org_id__in=subtree).order_by("pk").values(*cols) if key_year(r, spec.key) == source_year]
            self.rows[model] = rows
            ids[model] = {r["id"] for r in rows}
        self.source_year = source_year

    def count(self):
        return sum(len(r) for r in self.rows.values())


YEAR_RE = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def text_shift(value, delta):
    """Every year in a number moved by ``delta`` (（2024）浙0726行初12号 received in 2025 → （2016）… for 2017)."""
    return YEAR_RE.sub(lambda m: str(int(m.group()) + delta), value) if value and delta else value


class Writer:
    """Buffers rows per table and writes them with multi-row INSERTs."""

    def __init__(self, connection, batch=2000):
        self.connection = connection
        self.batch = batch
        self.buffers = defaultdict(list)
        self.written = defaultdict(int)

    def add(self, model, fields, row):
        buf = self.buffers[model]
        buf.append(row)
        if len(buf) >= self.batch:
            self.flush(model, fields)

    def flush(self, model, fields):
        rows = self.buffers.pop(model, [])
        if not rows:
            return
        qn = self.connection.ops.quote_name
        cols = ", ".join(qn(f.column) for f in fields)
        if self.connection.vendor == "postgresql":
            # COPY: several times faster than multi-row INSERTs on PostgreSQL.
            self.connection.ensure_connection()
            with self.connection.connection.cursor() as cursor, cursor.copy(f"COPY {qn(model._meta.db_table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            one = "(" + ", ".join(["%s"] * len(fields)) + ")"
            # SQLite caps the number of bound parameters of a statement (32766 in current builds).
            per = max(1, min(len(rows), 30000 // len(fields)))
            with self.connection.cursor() as cursor:
                for i in range(0, len(rows), per):
                    chunk = rows[i : i + per]
                    sql = f"INSERT INTO {qn(model._meta.db_table)} ({cols}) VALUES " + ", ".join([one] * len(chunk))
                    cursor.execute(sql, [v for row in chunk for v in row])
        self.written[model] += len(rows)

    def flush_all(self, template):
        for spec in template.specs:
            self.flush(spec.model, template.columns[spec.model])


class Cloner:
    """Writes shifted copies of a template into counties."""

    def __init__(self, connection, templates):
        self.connection = connection
        self.templates = templates  # source year → Template
        self.next_id = {}
        self.prepared = {}  # (source year, target year, model) → list of (row values prepared for the DB)
        for t in templates.values():
            for spec in t.specs:
                m = spec.model
                if m not in self.next_id:
                    with connection.cursor() as c:
                        c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(m._meta.db_table)}")
                        self.next_id[m] = c.fetchone()[0] + 1
        from django.contrib.contenttypes.models import ContentType

        self.ct_model = {ContentType.objects.get_for_model(s.model).pk: s.model for t in templates.values() for s in t.specs}

    def prepare(self, template, year):
        """The template's rows shifted to ``year`` and turned into database values, once per (template, year)."""
        key = (template.source_year, year)
        if key in self.prepared:
            return self.prepared[key]
        delta = year - template.source_year
        out = {}
        for spec in template.specs:
            model = spec.model
            fields = template.columns[model]
            kinds = template.kinds[model]
            rows = []
            for r in template.rows[model]:
                values = []
                for f in fields:
                    v = r[f.attname]
                    kind = kinds[f.attname]
                    if v is not None:
                        if kind in ("date", "datetime"):
                            v = shift_date(v, delta)
                        elif kind == "year":
                            v = v + delta
                        elif kind == "serial":
                            v = v + SERIAL_OFFSET
                        elif kind == "unique":
                            v = text_shift(v, delta)
                        if kind in ("keep", "date", "datetime", "year", "unique", "serial"):
                            v = f.get_db_prep_save(v, self.connection)
                    values.append(v)
                rows.append(values)
            out[model] = rows
        self.prepared[key] = out
        return out

    def clone(self, writer, template, year, org_map, tag):
        """One county-year: new ids, the county's units, the county's numbers."""
        prepared = self.prepare(template, year)
        id_maps = {}
        for spec in template.specs:
            model = spec.model
            fields = template.columns[model]
            kinds = template.kinds[model]
            slots = [(i, kinds[f.attname]) for i, f in enumerate(fields) if kinds[f.attname] not in ("keep", "date", "datetime", "year", "serial")]
            nullable = {i: f.null for i, f in enumerate(fields)}
            ct_slot = obj_slot = None
            if spec.generic:
                ct_slot = next(i for i, f in enumerate(fields) if f.attname == "content_type_id")
                obj_slot = next(i for i, f in enumerate(fields) if f.attname == "object_id")
            id_map = id_maps[model] = {}
            for src, values in zip(template.rows[model], prepared[model], strict=True):
                row = list(values)
                skip = False
                for i, kind in slots:
                    v = row[i]
                    if kind == "pk":
                        new = self.next_id[model]
                        self.next_id[model] = new + 1
                        id_map[v] = new
                        row[i] = new
                    elif v is None:
                        continue
                    elif kind == "org":
                        row[i] = org_map.get(v, v)
                    elif kind == "unique":
                        row[i] = tag + v
                    else:  # ("model", target)
                        # Rows are cloned in id order, so an earlier instance of the same table is already mapped.
                        target = id_maps.get(kind[1], {}).get(v)
                        if target is None and not nullable[i]:
                            skip = True
                            break
                        row[i] = target
                if spec.generic and not skip:
                    target = id_maps.get(self.ct_model[row[ct_slot]], {}).get(row[obj_slot])
                    if target is None:
                        skip = True
                    row[obj_slot] = target
                if skip:  # its children are skipped with it
                    id_map.pop(src["id"], None)
                    continue
                writer.add(model, fields, row)
        return id_maps


def build_province(n_counties, county):
    """Cities and counties (each a copy of the demo county's tree); the ``province`` account."""
    from fazhi.core.choices import OrgKind
    from fazhi.core.models import Org

    province = Org.objects.get(code="zj")
    cities = [Org.objects.get(code="zj-city")]
    for i in range(2, 12):
        org, _ = Org.objects.get_or_create(code=f"zj-c{i:02d}", defaults={"name": CITIES[i - 1] + "人民政府", "kind": OrgKind.CITY, "parent": province,
                                                                            "short_name": CITIES[i - 1][:2], "sort_order": i})
        cities.append(org)
    model_orgs = list(Org.objects.filter(path__startswith=county.path).order_by("depth", "path"))
    counties = [county]
    for k in range(2, n_counties + 1):
        code = f"k{k:02d}"
        city = cities[(k - 1) % len(cities)]
        name = COUNTY_NAMES[(k - 2) % len(COUNTY_NAMES)]
        new = {}
        for o in model_orgs:
            new_code = code + o.code[len("demo"):]
            parent = city if o.pk == county.pk else new.get(o.parent_id)
            serves = new.get(o.serves_id) if o.serves_id else None
            org, _ = Org.objects.get_or_create(code=new_code, defaults={
                "name": o.name.replace("示范县", name + "县"), "short_name": (name[:1] + o.short_name[1:]) if o.short_name else "",
                "kind": o.kind, "parent": parent, "serves": serves, "sort_order": o.sort_order})
            new[o.pk] = org
        counties.append(new[county.pk])
    return counties


def ensure_province_account():
    """``province``: the province's read-only leader view (a copy of the leader role, 本单位及下级 of ``zj``)."""
    from fazhi.core.choices import DataScope
    from fazhi.core.models import Membership, Org, Role, User

    province = Org.objects.get(code="zj")
    leader = Role.objects.get(code="leader")
    role, _ = Role.objects.update_or_create(code="province_leader", defaults={
        "name": "省级领导（只读）", "kind": leader.kind, "data_scope": DataScope.UNIT_AND_BELOW, "can_view_pii": False,
        "description": "查看本单位及下级（全省）数据，不能修改。基准测试账户。"})
    role.permissions.set(leader.permissions.all())
    user, created = User.objects.get_or_create(username="province", defaults={"full_name": "省司法厅法治督察处"})
    if created:
        user.set_password(common.PASSWORD)
        user.must_change_password = False
        user.active_org = province
        user.save()
    m, _ = Membership.objects.get_or_create(user=user, org=province, defaults={"title": "法治督察处"})
    m._audited = True  # a benchmark account, not an administrator's change
    m.roles.set([role])


def org_map_for(model_county, county):
    from fazhi.core.models import Org

    if county.pk == model_county.pk:
        return {}
    by_code = dict(Org.objects.filter(path__startswith=county.path).values_list("code", "pk"))
    return {pk: by_code[county.code + code[len(model_county.code):]] for pk, code in Org.objects.filter(path__startswith=model_county.path).values_list("pk", "code")}


def reset_database():
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(connection.settings_dict["NAME"]) + suffix).unlink(missing_ok=True)
    else:
        with connection.cursor() as c:
            c.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.01, help="share of the province's 90 counties (default 0.01: one county)")
    parser.add_argument("--years", type=int, default=10, help="years of records per county, up to this year (default 10)")
    parser.add_argument("--reset", action="store_true", help="start from an empty database")
    common.add_db_arguments(parser)
    args = parser.parse_args(argv)
    vendor = common.setup_django(args)

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    t0 = time.perf_counter()
    if args.reset:
        reset_database()
    call_command("migrate", verbosity=0)
    from fazhi.core.models import Org

    today = timezone.localdate()
    n_counties = max(1, round(90 * args.scale))
    first_year = today.year - args.years + 1
    county = Org.objects.filter(code="demo").first()
    if county is None:
        print("building the demo county (fazhi demo) …", flush=True)
        call_command("demo", stdout=io.StringIO())
        county = Org.objects.get(code="demo")
        print(f"  demo county built in {time.perf_counter() - t0:.1f} s", flush=True)

    from fazhi.reconsideration.models import ReconsiderationCase

    existing = Org.objects.filter(parent__kind="city", kind=county.kind).count()
    demo_first = ReconsiderationCase.objects.filter(org__path__startswith=county.path).order_by("received_on").values_list("received_on", flat=True).first()
    with transaction.atomic():
        ensure_province_account()
    if existing >= n_counties and demo_first and demo_first.year <= first_year:
        print(f"the database already holds {existing} counties from {demo_first.year}: nothing to do (--reset to rebuild)")
        report(vendor)
        return 0

    with transaction.atomic():
        counties = build_province(n_counties, county)
    demo_years = {d.year for d in ReconsiderationCase.objects.filter(org__path__startswith=county.path).dates("received_on", "year")}
    source_year = today.year - 1
    templates = {source_year: Template(county, source_year), today.year: Template(county, today.year)}
    print(f"template: {templates[source_year].count()} rows for a full year ({source_year}), {templates[today.year].count()} for {today.year} so far", flush=True)
    cloner = Cloner(connection, templates)
    if vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("PRAGMA synchronous=OFF")
    total = 0
    for n, c in enumerate(counties, start=1):
        t = time.perf_counter()
        org_map = org_map_for(county, c)
        writer = Writer(connection)
        with transaction.atomic():
            for year in range(first_year, today.year + 1):
                if c.pk == county.pk and year in demo_years:
                    continue
                template = templates[today.year if year == today.year else source_year]
                # A number's tag is its county and year: a template's numbers are unique, the tag keeps them so.
                tag = f"{c.code.upper()}{year % 100:02d}·"
                cloner.clone(writer, template, year, org_map, tag)
            writer.flush_all(templates[source_year])
        rows = sum(writer.written.values())
        total += rows
        if n == 1 or n % 10 == 0 or n == len(counties):
            print(f"  county {n}/{len(counties)} {c.code}: {rows} rows in {time.perf_counter() - t:.1f} s", flush=True)
    if vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as c:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(cloner.next_id)):
                c.execute(sql)
    t_analyze = time.perf_counter()
    with connection.cursor() as c:
        if vendor == "postgresql":  # the project's tables (ANALYZE of the whole database warns on the catalogs it may not read)
            for model in [*cloner.next_id, Org]:
                c.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        else:
            c.execute("ANALYZE")
    print(f"wrote {total} rows in {time.perf_counter() - t0:.1f} s (ANALYZE {time.perf_counter() - t_analyze:.1f} s)")
    report(vendor)
    return 0


def report(vendor):
    from fazhi.core.models import Org, TransitionLog
    from fazhi.legality.models import ReviewRequest
    from fazhi.litigation.models import Lawsuit
    from fazhi.reconsideration.models import ReconsiderationCase

    counties = Org.objects.filter(parent__kind="city", kind="government").count()
    print(f"{vendor}: {Org.objects.count()} orgs, {counties} counties; "
          f"{ReconsiderationCase.objects.count()} reconsideration cases, {Lawsuit.objects.count()} lawsuits, "
          f"{ReviewRequest.objects.count()} legality reviews, {TransitionLog.objects.count()} workflow log rows")


if __name__ == "__main__":
    sys.exit(main())
