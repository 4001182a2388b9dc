"""The indicator engine's queries compiled once per shape and re-run with each period's and org's parameters.

Compiling the engine's queries (about 150 filtered aggregates) costs the ORM several times what the database
spends running them. So the SQL of each per-model aggregate and of each breakdown is compiled once per *shape*
(model, definitions, subtree or unit, the user's data scope) for two stand-in periods and orgs, the parameters
that differ between the two are matched to their source (the period's dates or years, the org's path or id),
and the SQL is re-run with each period's dates and each org's path as parameters (:class:`Plan`).

This reads Django's query internals (``Query.get_aggregation``'s steps, ``SQLCompiler.select``, the backend's
converters): it is one of the ORM workarounds of :mod:`fazhi.core.fastpath`. Each function here has its
plain-ORM fallback — the queryset's own ``aggregate()`` or iteration — which it takes when a shape cannot be
planned, and always under ``FAZHI_PLAIN_ORM``; ``fazhi/indicators/tests/demo/test_plain_orm.py`` pins that the
two give the same numbers.
"""

import dataclasses
from datetime import date
from types import SimpleNamespace

from django.core.exceptions import EmptyResultSet
from django.db import connections, router

from fazhi.core.fastpath import plain_orm


def aggregate(shape, model, queryset, aggregates, scope, start, end):
    """``queryset(scope, start, end).aggregate(**aggregates(start, end))``: one row {alias: value}, through the
    compiled plan of ``shape`` (a tuple of the definitions behind the query) when it can be planned."""

    def build(scope, start, end):
        qs = queryset(scope, start, end)
        return _aggregate_query(qs, aggregates(start, end)), qs.db

    rows = None if plain_orm() else _run(shape, model, build, scope, start, end)
    if rows is None:
        return queryset(scope, start, end).aggregate(**aggregates(start, end))
    return rows[0]


def rows(shape, model, queryset, scope, start, end):
    """The rows of ``queryset(scope, start, end)`` (a ``values()`` queryset, e.g. a GROUP BY) as a list of dicts,
    through the compiled plan of ``shape`` when it can be planned."""

    def build(scope, start, end):
        qs = queryset(scope, start, end)
        return qs.query, qs.db

    out = None if plain_orm() else _run(shape, model, build, scope, start, end)
    return list(queryset(scope, start, end)) if out is None else out


def _aggregate_query(qs, aggregates):
    """The Query of ``qs.aggregate(**aggregates)`` when Django would run it as a plain ``SELECT agg, … FROM … WHERE``
    (no annotations, distinct, grouping or slicing in ``qs``) — what ``Query.get_aggregation`` builds then; None
    otherwise."""
    query = qs.query.chain()
    if query.annotations or query.distinct or query.group_by is not None or query.is_sliced or query.combinator or query.extra:
        return None
    resolved = {alias: agg.resolve_expression(query, allow_joins=True, reuse=None, summarize=True) for alias, agg in aggregates.items()}
    query.select = ()
    query.selected = None
    query.default_cols = False
    query.annotations = resolved
    query.set_annotation_mask(resolved)
    query.clear_ordering(force=True)
    query.clear_limits()
    query.select_for_update = False
    query.select_related = False
    return query


#: Two sets of stand-ins for the period and the org, compiled side by side to learn which parameter is which.
#: Irregular on purpose (different spans, days, years), so that a parameter derived from them in another way (a year
#: before, a day after …) matches neither and the shape is not cached.
_STAND_INS = (
    {"start": date(1901, 3, 5), "end": date(1907, 7, 11), "path": "/fzstandin1q/", "pk": -90017},
    {"start": date(1933, 4, 6), "end": date(1936, 8, 12), "path": "/fzstandin2x/", "pk": -41003},
)
_PLANS = {}
_MAX_PLANS = 2000


def _roles(v):
    return {"start": v["start"], "end": v["end"], "start_year": v["start"].year, "end_year": v["end"].year, "pk": v["pk"]}


class Plan:
    """The SQL of one query shape, where each of its parameters comes from (a constant, the period's dates or
    years, the org's path or id), and the converters that turn a raw row into what the ORM would have returned."""

    def __init__(self, alias, sql, params, names, converters):
        self.alias, self.sql, self.params, self.names, self.converters = alias, sql, params, names, converters

    @classmethod
    def compile(cls, build, scope):
        """Compile ``build(scope_with_a_stand_in_org, start, end)`` for both stand-ins; None unless the two differ
        only in the stand-ins' values (then each parameter's source is known)."""
        compiled = []
        for v in _STAND_INS:
            org = None if scope.org is None else SimpleNamespace(path=v["path"], pk=v["pk"])
            query, using = build(dataclasses.replace(scope, org=org), v["start"], v["end"])
            if query is None:
                return None
            compiler = query.get_compiler(using)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                return None
            names = list(query.extra_select) + list(query.values_select) + list(query.annotation_select)
            expressions = [col[0] for col in compiler.select]
            compiled.append((sql, tuple(params), names, expressions, compiler.connection))
        (sql_a, params_a, names, expressions, connection), (sql_b, params_b, *_) = compiled
        if sql_a != sql_b or len(params_a) != len(params_b) or len(names) != len(expressions):
            return None
        a, b = _roles(_STAND_INS[0]), _roles(_STAND_INS[1])
        adapt = connection.ops.adapt_datefield_value
        path_a, path_b = _STAND_INS[0]["path"], _STAND_INS[1]["path"]
        params = []  # (source, value): ("const", v) | ("path", template) | ("role", name) | ("date", name)
        for pa, pb in zip(params_a, params_b, strict=True):
            if type(pa) is type(pb) and pa == pb:
                params.append(("const", pa))
            elif isinstance(pa, str) and path_a in pa and pa.replace(path_a, path_b) == pb:
                params.append(("path", pa))
            else:
                for role in a:
                    if type(pa) is type(a[role]) and pa == a[role] and pb == b[role]:
                        params.append(("role", role))
                        break
                    if isinstance(a[role], date) and pa == adapt(a[role]) and pb == adapt(b[role]):
                        params.append(("date", role))
                        break
                else:
                    return None
        converters = []
        for i, expression in enumerate(expressions):
            functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            if functions:
                converters.append((i, functions, expression))
        return cls(connection.alias, sql_a, params, names, converters)

    def run(self, scope, start, end):
        """The rows of the query for ``scope``, ``start`` and ``end``, as dicts, converted as the ORM converts them."""
        connection = connections[self.alias]
        ops = connection.ops
        roles = _roles({"start": start, "end": end, "pk": getattr(scope.org, "pk", None)})
        dates = {"start": ops.adapt_datefield_value(start), "end": ops.adapt_datefield_value(end)}
        path = ops.prep_for_like_query(scope.org.path) if scope.org is not None else None
        params = []
        for source, value in self.params:
            if source == "const":
                params.append(value)
            elif source == "role":
                params.append(roles[value])
            elif source == "date":
                params.append(dates[value])
            else:
                params.append(value.replace(_STAND_INS[0]["path"], path))
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        out = []
        for row in rows:
            if self.converters:
                row = list(row)
                for i, functions, expression in self.converters:
                    for f in functions:
                        row[i] = f(row[i], expression, connection)
            out.append(dict(zip(self.names, row, strict=True)))
        return out


def _run(shape, model, build, scope, start, end):
    """Run the query ``build(scope, start, end)`` (→ ``(Query, db alias)``) of ``model`` through its compiled plan:
    the list of its rows as dicts, or None when the shape cannot be planned (then the caller runs it through the
    ORM). ``shape`` holds the definitions; the scope's kind and the user's data scope complete the key."""
    user_part = None
    if scope.user is not None:
        try:
            sql, params = model.objects.visible_to(scope.user).query.sql_with_params()
        except EmptyResultSet:
            return None
        user_part = (sql, tuple(params))
    # today is part of the key so that a condition reading the date (none does yet) is never run with a stale one
    key = (tuple(id(x) for x in shape), router.db_for_read(model), scope.org is None, scope.subtree, user_part, date.today())
    entry = _PLANS.get(key)
    if entry is None:
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        entry = _PLANS[key] = (Plan.compile(build, scope) or False, shape)  # the shape is kept alive with its ids
    plan = entry[0]
    return plan.run(scope, start, end) if plan else None
