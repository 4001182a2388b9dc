"""Excel in and out at scale: importing 50,000 reconsideration rows, exporting 200,000 (DESIGN.md §4.7).

Import — a workbook of ``--rows`` (default 50,000) valid, varied reconsideration-ledger rows for the demo
county is written with the registry's own template columns (the header row of
``fazhi template reconsideration``): cases at every stage (received, ended before acceptance, under review,
decided, served, terminated), applicants with valid ID numbers, respondents from the org tree or by name,
management areas, amounts. Then, in the same run:

(a) openpyxl's read-only parse of that file alone: every row's values, nothing else — the best any import
    can do;
(b) fazhi's import of the same file through the real machinery, ``Resource.import_file(path, user)`` as
    the ``bureau`` user (司法局管理员), every validation on (strict cell parsing, the registry's form,
    the model's clean), all rows written (case numbers, stored deadlines, applicants, field history) —
    inside a transaction that is rolled back afterwards, so that the database is unchanged.

It prints both, fazhi ÷ parse and the target line (within 3× of the bare parse), and checks that every
row was written before the rollback.

Export — ``--export-rows`` (default 200,000) reconsideration rows through the registry's real export
(``ReconsiderationResource.export(queryset, path)``, what the export view calls), in a child process
whose peak RSS is measured (``ru_maxrss`` of the child, and the RSS sampled during the export against
the RSS just before it). When the database holds fewer visible cases than asked, the child first
bulk-inserts temporary copies of the existing cases (with an applicant each) inside a transaction that it
rolls back after the export; the output says how many rows were real and how many temporary. Target:
peak RSS under 300 MB.

    .venv/bin/python bench/excel_io.py --var /tmp/x                       # both parts
    .venv/bin/python bench/excel_io.py --var /tmp/x --rows 5000 --export-rows 20000
    .venv/bin/python bench/excel_io.py --var /tmp/x --skip-export --profile import.html   # pyinstrument
"""

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_db_arguments, header, setup_django, verdict  # noqa: E402

IMPORT_TARGET = 3.0
EXPORT_TARGET_MB = 300

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红晓东海燕丹玉玲春梅文辉鹏飞俊峰婷雪琴云"
COMPANIES = ["浦阳建材有限公司", "金华市宏达物流有限公司", "示范县绿源农业专业合作社", "浙江顺丰餐饮管理有限公司", "示范县新城置业有限公司"]
ACTS = [
    ("行政处罚", "治安管理处罚决定书（{y}）{n}号", "公安"),
    ("行政处罚", "行政处罚决定书（示市监处罚〔{y}〕{n}号）", "市场监管"),
    ("行政强制", "查封、扣押决定书（〔{y}〕第{n}号）", "市场监管"),
    ("行政许可", "不予行政许可决定书（〔{y}〕{n}号）", "自然资源"),
    ("政府信息公开", "政府信息公开申请答复书（〔{y}〕第{n}号）", ""),
    ("不履行法定职责", "未在法定期限内履行查处职责（{y}年第{n}件投诉）", "住房城乡建设"),
    ("投诉举报处理", "投诉举报处理告知书（〔{y}〕{n}号）", "市场监管"),
    ("行政确认", "工伤认定决定书（示人社工伤〔{y}〕{n}号）", "人力资源社会保障"),
    ("征收征用", "房屋征收补偿决定书（〔{y}〕第{n}号）", "住房城乡建设"),
    ("其他", "责令限期拆除决定书（〔{y}〕{n}号）", "综合行政执法"),
]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(rng):
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    body = f"330726{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def fmt_date(d, rng):
    """Dates as a bureau types them: real Excel dates mostly, sometimes text in one of the accepted forms."""
    r = rng.random()
    if r < 0.7:
        return d
    if r < 0.8:
        return d.isoformat()
    if r < 0.9:
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.year}/{d.month}/{d.day}"


def ledger_rows(n, orgs, respondents, areas, today, seed=2026):
    """``n`` valid, varied ledger rows ({header: value}) of cases received 2017 to a year before ``today``."""
    rng = random.Random(seed)
    start = date(2017, 1, 3)
    span = (today - timedelta(days=400) - start).days
    endings = ["不予受理", "告知（转送）", "受理前调撤", "视为放弃"]
    decisions = ["维持", "驳回复议请求", "驳回申请", "撤销", "部分撤销", "撤销并责令重作", "变更", "确认违法", "责令履行", "调解"]
    reasons = ["被申请行政复议的行政行为是当场作出", "被申请行政复议的行政行为是警告或者通报批评", "案件涉及款额三千元以下", "属于政府信息公开案件"]
    terminations = ["申请人撤回申请", "和解后撤回申请"]
    for i in range(n):
        received = start + timedelta(days=rng.randrange(span))
        kind, act, area = rng.choice(ACTS)
        company = rng.random() < 0.12
        row = {
            "办理机构": rng.choice(orgs),
            "收到申请日期": fmt_date(received, rng),
            "申请方式": rng.choices(["在线", "当面", "邮寄", "口头"], [40, 40, 15, 5])[0],
            "申请人": rng.choice(COMPANIES) if company else rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
            "被申请复议的行政行为": act.format(y=received.year, n=rng.randrange(1, 900)),
            "行政行为类别": kind,
        }
        if not company:
            if rng.random() < 0.8:
                row["申请人身份证号"] = id_number(rng)
            if rng.random() < 0.7:
                row["申请人联系电话"] = f"13{rng.randrange(0, 10)}{rng.randrange(10**7, 10**8)}"
        if row["申请方式"] == "口头":
            row["口头申请笔录"] = f"申请人{row['申请人']}于{received:%Y年%m月%d日}到场口头申请，要求撤销{act.split('（')[0]}。"
        if rng.random() < 0.6:
            row["被申请人（系统机构）"] = rng.choice(respondents)
        else:
            row["被申请人（其他机关）"] = rng.choice(["金华市公安局", "示范县税务局", "浙江省自然资源厅", "金华市生态环境局示范分局"])
        if area and area in areas:
            row["管理领域"] = area
        if rng.random() < 0.3:
            row["涉案金额（元）"] = round(rng.uniform(200, 500000), 2) if rng.random() < 0.8 else str(rng.randrange(1000, 90000))
        if rng.random() < 0.5:
            row["复议请求"] = "请求撤销被申请人作出的行政行为。"
        if rng.random() < 0.05:
            row["一并请求审查规范性文件"] = "是"
        stage = rng.random()
        if stage < 0.12:
            row["受理前办结方式"] = rng.choice(endings)
            row["受理前办结日期"] = fmt_date(received + timedelta(days=rng.randrange(1, 8)), rng)
        elif stage > 0.04 or i % 50 == 0:
            accepted = received + timedelta(days=rng.randrange(0, 6))
            row["受理日期"] = fmt_date(accepted, rng)
            simplified = rng.random() < 0.25
            row["程序"] = "简易程序" if simplified else "普通程序"
            if simplified:
                row["适用简易程序理由"] = rng.choice(reasons)
            if stage > 0.2:
                closed = accepted + timedelta(days=rng.randrange(10, 60))
                if rng.random() < 0.15:
                    row["结案方式"] = "终止"
                    row["终止原因"] = rng.choice(terminations)
                else:
                    row["结案方式"] = rng.choice(decisions)
                    row["决定书文号"] = f"示政复决〔{closed.year}〕{i + 1}号"
                row["审结日期"] = fmt_date(closed, rng)
                if stage > 0.3:
                    row["送达日期"] = fmt_date(closed + timedelta(days=rng.randrange(0, 7)), rng)
        yield row


def write_workbook(path, resource, rows):
    """The import template's header row, then the rows (write-only, as a bureau's file would hold them)."""
    from openpyxl import Workbook

    from fazhi.core.excel import DATA_SHEET

    columns = [f for f in resource.fields if f.importable]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(DATA_SHEET)
    ws.append([("*" if f.required else "") + f.header for f in columns])
    count = 0
    for row in rows:
        ws.append([row.get(f.header) for f in columns])
        count += 1
    wb.save(path)
    return count


def bare_parse(path):
    """openpyxl's read-only parse alone: every row's values, nothing else. Returns the number of rows."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for values in wb.worksheets[0].iter_rows(values_only=True):
        for _ in values:
            pass
        n += 1
    wb.close()
    return n - 1


def run_import(args, vendor):
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from fazhi.core.models import Org, User
    from fazhi.core.scope import orgs_for
    from fazhi.reconsideration.models import ManagementArea, Party, ReconsiderationCase
    from fazhi.reconsideration.resources import ReconsiderationResource

    user = User.objects.get(username=args.user)
    resource = ReconsiderationResource()
    allowed = list(orgs_for(user, ReconsiderationCase, "add").filter(kind="bureau").order_by("path"))
    if not allowed:
        allowed = list(orgs_for(user, ReconsiderationCase, "add").order_by("path")[:1])
    if not allowed:
        print(f"  用户 {args.user} 不能录入行政复议案件", file=sys.stderr)
        sys.exit(1)
    orgs = [o.code for o in allowed[:3]] + [o.name for o in allowed[:3]]
    county = allowed[0].path.strip("/").split("/")
    respondents = list(
        Org.objects.filter(is_active=True, kind__in=["department", "township"], path__startswith=f"/{'/'.join(county[:-1])}/").order_by("path").values_list("name", flat=True)[:40]
    ) or [allowed[0].name]
    areas = set(ManagementArea.objects.values_list("name", flat=True))

    tmpdir = Path(tempfile.mkdtemp(prefix="fazhi-bench-excel-"))
    settings.MEDIA_ROOT = tmpdir  # an error workbook (should there be one) goes here, not to var/
    path = tmpdir / "行政复议台账.xlsx"
    t = time.perf_counter()
    n = write_workbook(path, resource, ledger_rows(args.rows, orgs, respondents, areas, timezone.localdate()))
    build_s = time.perf_counter() - t

    header(f"Excel import: {n:,} reconsideration rows as {args.user}", vendor)
    print(f"  workbook written in {build_s:.1f} s ({path.stat().st_size / 1e6:.1f} MB, template columns, handling orgs {', '.join(orgs[:len(orgs) // 2])})")

    def timed_parse():
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        parsed = bare_parse(path)
        assert parsed == n, (parsed, n)
        return time.perf_counter() - t, time.process_time() - c

    parse_s, parse_cpu = timed_parse()

    rss_before = rss_mb()
    before = ReconsiderationCase.objects.count()
    parties_before = Party.objects.count()
    history_before = ReconsiderationCase.history.count()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
    gc.collect()
    with transaction.atomic():
        if profiler:
            profiler.start()
        t, c = time.perf_counter(), time.process_time()
        result = resource.import_file(str(path), user)
        import_s, import_cpu = time.perf_counter() - t, time.process_time() - c
        if profiler:
            profiler.stop()
        written = ReconsiderationCase.objects.count() - before
        parties = Party.objects.count() - parties_before
        history = ReconsiderationCase.history.count() - history_before
        transaction.set_rollback(True)
    after = ReconsiderationCase.objects.count()
    # The parse once more, after the import: the faster of the two runs counts (on a busy machine one run
    # can be slowed down by other jobs; taking the faster parse can only make the ratio larger).
    again_s, again_cpu = timed_parse()
    parse_s, parse_cpu = min(parse_s, again_s), min(parse_cpu, again_cpu)
    if profiler:
        Path(args.profile).write_text(profiler.output_text(unicode=True, show_all=False) if args.profile.endswith(".txt") else profiler.output_html())
        print(f"  profile written to {args.profile}")
    for p in tmpdir.rglob("*"):
        if p.is_file():
            p.unlink()
    for p in sorted(tmpdir.rglob("*"), reverse=True):
        p.rmdir()
    tmpdir.rmdir()

    if not result.ok:
        print(f"  import refused: {len(result.errors)} errors, first: {result.errors[:5]}", file=sys.stderr)
        sys.exit(1)
    if not (result.created == written == parties == history == n) or after != before:
        print(f"  wrong counts: created {result.created}, cases {written}, applicants {parties}, history {history}, rows {n}; "
              f"after rollback {after} (before {before})", file=sys.stderr)
        sys.exit(1)

    # The target is judged on the larger of the two ratios: wall time (which counts a database server's work)
    # and CPU time of this process (which does not count other jobs on the machine).
    ratio = max(import_s / parse_s, import_cpu / parse_cpu)
    print(f"  {'':34}{'seconds':>10}{'rows/s':>12}{'µs/row':>10}{'CPU s':>10}")
    print(f"  {'openpyxl read-only parse alone':34}{parse_s:10.2f}{n / parse_s:12,.0f}{parse_s / n * 1e6:10.0f}{parse_cpu:10.2f}")
    print(f"  {'fazhi import (validate + write)':34}{import_s:10.2f}{n / import_s:12,.0f}{import_s / n * 1e6:10.0f}{import_cpu:10.2f}")
    print(f"  fazhi ÷ parse: {import_s / parse_s:.2f}× wall time, {import_cpu / parse_cpu:.2f}× CPU time of this process "
          f"(parse: the faster of a run before and one after the import)")
    print(f"  memory: RSS {rss_before:.0f} MB before the import, peak {hwm_mb():.0f} MB (VmHWM of this process)")
    print(f"  written: {written:,} cases, {parties:,} applicants, {history:,} history rows — rolled back ({after:,} cases after, as before)")
    print(verdict(ratio <= IMPORT_TARGET, f"import within {IMPORT_TARGET:g}× of the bare parse, with all validation on ({ratio:.2f}×, the larger ratio)"))
    return import_s + parse_s


# ---------------------------------------------------------------- export (child process)


def rss_mb():
    """The current resident set size of this process, in MB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def hwm_mb():
    """The peak resident set size of this process so far, in MB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def fill(target, user, batch=5000):
    """Bulk-insert temporary copies of the visible cases (each with one applicant) until ``target`` cases are
    visible. The caller rolls them back. Returns (real rows, temporary rows)."""
    from django.forms.models import model_to_dict

    from fazhi.reconsideration.models import Party, ReconsiderationCase

    visible = ReconsiderationCase.objects.visible_to(user)
    existing = visible.count()
    missing = max(0, target - existing)
    if missing == 0 or existing == 0:
        return existing, 0
    skip = {"id", "case_no", "org", "respondent_org", "area", "created_by", "updated_by"}
    sources = []
    for case in visible.prefetch_related("parties")[:2000]:
        values = {k: v for k, v in model_to_dict(case, exclude=list(skip)).items()}
        values.update(org_id=case.org_id, respondent_org_id=case.respondent_org_id, area_id=case.area_id, state=case.state,
                      decision_due=case.decision_due, next_due=case.next_due, next_due_label=case.next_due_label)
        applicant = next((p for p in case.parties.all()), None)
        sources.append((values, applicant))
    made = 0
    while made < missing:
        cases, parties = [], []
        for i in range(made, min(missing, made + batch)):
            values, applicant = sources[i % len(sources)]
            cases.append(ReconsiderationCase(case_no=f"BENCH-TMP-{i}", **values))
        ReconsiderationCase.objects.bulk_create(cases)
        for case, i in zip(cases, range(made, made + len(cases)), strict=True):
            applicant = sources[i % len(sources)][1]
            if applicant is not None:
                parties.append(Party(case_id=case.pk, role=applicant.role, kind=applicant.kind, name=applicant.name,
                                     id_number=applicant.id_number, phone=applicant.phone))
        Party.objects.bulk_create(parties)
        made += len(cases)
        del cases, parties
    return existing, missing


def export_child(args):
    """Run in a child process: export ``--export-rows`` cases, print a JSON line of figures."""
    setup_django(args)
    from django.db import transaction

    from fazhi.core.models import User
    from fazhi.reconsideration.models import ReconsiderationCase
    from fazhi.reconsideration.resources import ReconsiderationResource

    user = User.objects.get(username=args.user)
    out = {"setup_rss": rss_mb()}
    with transaction.atomic():
        t = time.perf_counter()
        real, temporary = fill(args.export_rows, user)
        out["fill_s"] = time.perf_counter() - t
        qs = ReconsiderationCase.objects.visible_to(user).order_by("-received_on", "-id")[: args.export_rows]
        resource = ReconsiderationResource()
        gc.collect()
        out["baseline_rss"] = rss_mb()
        peak = [out["baseline_rss"]]
        done = threading.Event()

        def sample():
            while not done.wait(0.02):
                peak[0] = max(peak[0], rss_mb())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        with tempfile.TemporaryDirectory(prefix="fazhi-bench-export-") as tmp:
            path = Path(tmp) / "export.xlsx"
            t = time.perf_counter()
            count = resource.export(qs, path)
            out["export_s"] = time.perf_counter() - t
            out["size_mb"] = path.stat().st_size / 1e6
        done.set()
        sampler.join()
        out.update(peak_rss=max(peak[0], rss_mb()), count=count, real=min(real, args.export_rows), temporary=temporary)
        transaction.set_rollback(True)
    out["after"] = ReconsiderationCase.objects.visible_to(user).count()
    out["hwm"] = hwm_mb()
    print(json.dumps(out))


def run_export(args, vendor):
    header(f"Excel export: {args.export_rows:,} reconsideration rows as {args.user}", vendor)
    cmd = [sys.executable, __file__, "--export-child", "--user", args.user, "--export-rows", str(args.export_rows)]
    if args.var:
        cmd += ["--var", args.var]
    if args.database_url:
        cmd += ["--database-url", args.database_url]
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        print(f"  export child failed (exit {proc.returncode})", file=sys.stderr)
        sys.exit(1)
    r = json.loads(text.strip().splitlines()[-1])
    max_rss = max(usage.ru_maxrss / 1024, r["hwm"])  # KB on Linux; VmHWM: the child's own peak since exec
    if r["temporary"]:
        print(f"  the database has {r['real']:,} visible cases: {r['temporary']:,} temporary copies were bulk-inserted "
              f"({r['fill_s']:.1f} s) and rolled back after the export ({r['after']:,} cases after)")
    print(f"  exported {r['count']:,} rows in {r['export_s']:.1f} s ({r['count'] / r['export_s']:,.0f} rows/s), file {r['size_mb']:.1f} MB")
    print(f"  RSS: after Django setup {r['setup_rss']:.0f} MB, just before the export {r['baseline_rss']:.0f} MB, "
          f"peak during the export {r['peak_rss']:.0f} MB (growth {r['peak_rss'] - r['baseline_rss']:.0f} MB)")
    print(f"  peak RSS of the whole child process: {max_rss:.0f} MB (ru_maxrss {usage.ru_maxrss / 1024:.0f} MB, VmHWM {r['hwm']:.0f} MB); "
          f"child wall time {wall:.1f} s")
    if r["count"] < args.export_rows:
        print(f"  only {r['count']:,} of {args.export_rows:,} rows could be exported")
    print(verdict(max_rss < EXPORT_TARGET_MB and r["count"] >= args.export_rows,
                  f"export of {args.export_rows:,} rows in bounded memory, peak RSS under {EXPORT_TARGET_MB} MB ({max_rss:.0f} MB, {r['count']:,} rows)"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_db_arguments(parser)
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the import workbook (default 50000)")
    parser.add_argument("--export-rows", type=int, default=200_000, help="rows to export (default 200000)")
    parser.add_argument("--user", default="bureau", help="who imports and exports (default bureau)")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--profile", default="", help="write a pyinstrument HTML profile of the import to this file")
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        return export_child(args)
    vendor = setup_django(args)
    # The export first: its child process is forked from this one, and a child's ru_maxrss counts the
    # parent's pages it started with — this process is smallest before the import.
    if not args.skip_export:
        run_export(args, vendor)
    if not args.skip_import:
        run_import(args, vendor)


if __name__ == "__main__":
    main()
