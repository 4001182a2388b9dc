"""Benchmark of the REST API's list: 1,000 rows of a registry through fazhi's viewset against the same rows through a
bare Django REST framework ``ListAPIView`` (a plain ``ModelSerializer`` of every field, no scope, no masking, no
filters).

    .venv/bin/python bench/api.py [--n 10] [--rows 1000] [--var DIR | --database-url URL]

Against the benchmark database (``make bench-data``; bench/common.py). Both views are called the same way
(``APIRequestFactory``, the user authenticated on the request, JSON rendered), as the bureau administrator (county
scope, the right to personal data: every row is checked for masking). Prints mean, p50, p95 in ms, the query count
of each, and fazhi ÷ bare.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10, help="timed requests of each (default 10)")
    parser.add_argument("--rows", type=int, default=1000, help="rows in the page (default 1000)")
    common.add_db_arguments(parser)
    args = parser.parse_args(argv)
    os.environ["FAZHI_API_RATE"] = "100000000/hour"
    common.setup_django(args)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework import generics, permissions, serializers
    from rest_framework.pagination import PageNumberPagination
    from rest_framework.test import APIRequestFactory, force_authenticate

    print(f"using the database {connection.settings_dict['NAME']}")

    from fazhi.api.viewsets import viewset_for
    from fazhi.core.models import User
    from fazhi.core.views.generic import views_for
    from fazhi.reconsideration.models import ReconsiderationCase

    user = User.objects.get(username="bureau")
    registry = views_for(ReconsiderationCase)
    rows = min(args.rows, ReconsiderationCase.objects.count())

    class Bare(serializers.ModelSerializer):
        class Meta:
            model = ReconsiderationCase
            fields = "__all__"

    class BarePages(PageNumberPagination):
        page_size_query_param = "page_size"
        max_page_size = 100000

    class BareList(generics.ListAPIView):
        queryset = ReconsiderationCase.objects.order_by("pk")
        serializer_class = Bare
        pagination_class = BarePages
        permission_classes = [permissions.AllowAny]
        authentication_classes = []
        throttle_classes = []

    views = {"fazhi": viewset_for(registry).as_view({"get": "list"}), "bare": BareList.as_view()}
    factory = APIRequestFactory()

    def call(name):
        def run():
            request = factory.get("/api/v1/reconsideration/reconsiderationcase/", {"page_size": rows})
            force_authenticate(request, user=User.objects.get(pk=user.pk))
            response = views[name](request)
            response.render()
            assert response.status_code == 200, (name, response.status_code)
            return response
        return run

    counts = {name: len(call(name)().data["results"]) for name in views}
    assert counts["fazhi"] == counts["bare"] == rows, counts
    results = {}
    for name in views:
        samples = common.time_ms(call(name), args.n, warmup=2)
        with CaptureQueriesContext(connection) as queries:
            call(name)()
        results[name] = (*common.summary(samples), len(queries))
    print(f"\n=== API list: {rows} reconsideration cases as bureau, N={args.n} ({connection.vendor}) ===")
    print(f"{'':<8} {'mean ms':>9} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8}")
    for name, (mean, p50, p95, q) in results.items():
        print(f"{name:<8} {mean:>9.1f} {p50:>9.1f} {p95:>9.1f} {q:>8}")
    f, b = results["fazhi"], results["bare"]
    print(f"{'ratio':<8} {f[0] / b[0]:>9.2f} {f[1] / b[1]:>9.2f} {f[2] / b[2]:>9.2f} {f[3] / b[3]:>8.1f}   "
          "(fazhi: scope, masking, filters ÷ bare ListAPIView)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
