"""Benchmark of the annual report: one county's and one department's 法治政府建设年度报告 as .docx.

    .venv/bin/python bench/report.py [--var DIR | --database-url URL] [--year 2025] [--n 10]

For the demo county (``demo``, with its subtree) and one of its departments (``demo-d01``), times:

* **draft + docx** — what `fazhi report --org … --year … --format docx` does for a unit that has no draft yet: the
  draft written from the records (ledger entries, every indicator paragraph), rendered with the engine's values and
  exported as a GB/T 9704 .docx. Each run happens in a transaction that is rolled back, so every run drafts anew and
  the database is unchanged afterwards.
* **docx of a draft** — what a user's download of an existing draft costs: render (one engine evaluation of every
  number the draft holds) and export.
* **bare python-docx** — the best the machine can do for the same output: python-docx writing the same paragraphs
  (the rendered text) into a blank document, no styles, no fields — side by side in the same run.

Prints mean, p50, p95, the query count of one run, the .docx size, and the ratio draft + docx ÷ bare python-docx.
Target: one county's .docx under 1 s.
"""

import argparse
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


class Rollback(Exception):
    pass


def bench_unit(org, year, n):
    import docx
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from fazhi.reports import builder, exporters, services
    from fazhi.reports.models import ReportDraft

    if ReportDraft.objects.filter(org=org, year=year).exists():
        print(f"  ({org.name} already has a {year} draft: 'draft + docx' deletes it in a transaction rolled back each run)")
    sizes = {}

    def draft_and_docx():
        try:
            with transaction.atomic():
                ReportDraft.objects.filter(org=org, year=year).delete()
                draft = services.create_draft(org, year)
                report = builder.render_draft(draft)
                sizes["draft"] = len(exporters.export(report, "docx"))
                sizes["text"] = [b.text for b in report.visible_blocks()]
                raise Rollback
        except Rollback:
            pass

    draft_and_docx()
    texts = sizes["text"]

    def docx_of_draft():
        report = builder.render_draft(ReportDraft.objects.get(org=org, year=year))
        sizes["docx"] = len(exporters.export(report, "docx"))

    def bare():
        d = docx.Document()
        for t in texts:
            d.add_paragraph(t)
        out = io.BytesIO()
        d.save(out)
        sizes["bare"] = len(out.getvalue())

    rows = {}
    # The whole unit in one transaction rolled back at the end: the draft "docx of a draft" downloads is not kept.
    with transaction.atomic():
        for name, size_key, fn in (("draft + docx", "draft", draft_and_docx), ("docx of a draft", "docx", docx_of_draft), ("bare python-docx", "bare", bare)):
            if name == "docx of a draft":
                services.get_or_create_draft(org, year)
            samples = common.time_ms(fn, n)
            with CaptureQueriesContext(connection) as q:
                fn()
            rows[name] = common.summary(samples)
            print(f"{org.name[:26]:<28} {name:<18} {rows[name][0]:>9.1f} {rows[name][1]:>9.1f} {rows[name][2]:>9.1f} {len(q):>8} {sizes[size_key] / 1024:>6.0f}")
        transaction.set_rollback(True)
    ratio = rows["draft + docx"][1] / rows["bare python-docx"][1]
    print(f"{'':<28} {'ratio':<18} {ratio:>9.1f}   (draft + docx ÷ bare python-docx, p50; {len(texts)} paragraphs)")
    if org.kind == "government":
        p95 = rows["draft + docx"][2]
        print(common.verdict(p95 < 1000, f"one county's .docx under 1 s: p95 {p95:.0f} ms"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_db_arguments(parser)
    parser.add_argument("--year", type=int, default=None, help="report year (default: last year)")
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--units", default="demo,demo-d01", help="org codes, comma separated (default demo,demo-d01)")
    args = parser.parse_args(argv)
    vendor = common.setup_django(args)

    from django.utils import timezone

    from fazhi.core.models import Org

    year = args.year or timezone.localdate().year - 1
    common.header(f"annual report {year} as .docx, N={args.n}", vendor)
    print(f"{'unit':<28} {'what':<18} {'mean ms':>9} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'KB':>6}")
    for code in args.units.split(","):
        bench_unit(Org.objects.get(code=code), year, args.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
