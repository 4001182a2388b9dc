"""New rows and their field history written in bulk by INSERT statements built by hand, for an import's bulk
``save_rows`` (DESIGN.md §4.7).

The ORM compiles every value of every row into SQL, and simple-history builds a historical model instance per
row: together two thirds of a bulk import's writing time. :func:`bulk_create_rows` writes the same rows by
multi-row ``INSERT … RETURNING`` (:func:`insert_rows`) and one ``executemany`` of the history
(:func:`insert_history`), each value prepared as the ORM prepares it.

This reads model and backend internals (``local_concrete_fields``, ``pre_save``, ``get_db_prep_save``,
``return_insert_columns``, simple-history's ``tracked_fields``): it is one of the ORM workarounds of
:mod:`fazhi.core.fastpath`. Its plain-ORM fallback — ``bulk_create`` and simple-history's
``bulk_history_create`` (:func:`create_history`) — is taken for a model or a database the hand-built
statements do not fit, and always under ``FAZHI_PLAIN_ORM``; the import test of each resource that writes in
bulk pins that the two write the same rows and history (docs/architecture.md).
"""

from django.conf import settings
from django.db import connections, router
from django.db.models import AutoField, BigAutoField, SmallAutoField
from django.utils import timezone

from .fastpath import plain_orm


def bulk_create_rows(model, objs, user, batch_size=500):
    """``bulk_create`` of new rows with their field history, for a resource's ``save_rows`` once the
    model's ``save()`` has been done by hand. Rows are given their primary keys (PostgreSQL, and SQLite
    ≥ 3.35, return them); the history rows are those simple-history's ``bulk_create_with_history`` writes
    (type ``+``, ``history_user`` the importer, no change reason). Through :func:`insert_rows` and
    :func:`insert_history`, or under ``FAZHI_PLAIN_ORM`` through ``bulk_create`` and :func:`create_history`."""
    if not objs:
        return objs
    plain = plain_orm()
    if plain or not insert_rows(model, objs, batch_size):
        objs = model._default_manager.bulk_create(objs, batch_size=batch_size)
    if hasattr(model, "history"):
        (create_history if plain else insert_history)(model, objs, user)
    return objs


def create_history(model, objs, user):
    """The creation history rows of ``objs`` (saved rows of ``model``) through simple-history's
    ``bulk_history_create``, as its ``bulk_create_with_history`` writes them: the plain-ORM way."""
    model.history.bulk_history_create(objs, default_user=user, default_change_reason=None)


def insert_rows(model, objs, batch_size=500):
    """``bulk_create`` of new rows of a plain model (an auto primary key not yet set, no parent model, no
    database defaults or generated fields) as multi-row ``INSERT … RETURNING`` statements built once per
    batch size, each value prepared as the ORM prepares it (``pre_save`` then ``get_db_prep_save``); the rows
    get their primary keys. The ORM compiles every value of every row into SQL, which was two thirds of a
    bulk import's writing time. Returns False, having written nothing, when the model or the database is
    not of that kind (then use ``bulk_create``)."""
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    pk = meta.pk
    fields = [f for f in meta.local_concrete_fields if f is not pk]
    if (
        meta.parents
        or not isinstance(pk, (AutoField, BigAutoField, SmallAutoField))
        or not connection.features.can_return_rows_from_bulk_insert
        or any(f.generated or f.has_db_default() for f in fields)
        or any(obj.pk is not None for obj in objs)
    ):
        return False
    ops = connection.ops
    size = max(1, min(batch_size, ops.bulk_batch_size([pk, *fields], objs)))
    returning, _ = ops.return_insert_columns([pk])
    head = "INSERT INTO {} ({}) VALUES ".format(ops.quote_name(meta.db_table), ", ".join(ops.quote_name(f.column) for f in fields))
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    statements = {}
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            params = []
            for obj in batch:
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                params.extend(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
            if len(batch) not in statements:
                statements[len(batch)] = head + ", ".join([row] * len(batch)) + " " + returning
            cursor.execute(statements[len(batch)], params)
            for obj, (value,) in zip(batch, cursor.fetchall(), strict=True):
                obj.pk = value
                obj._state.adding = False
                obj._state.db = connection.alias
    return True


HISTORY_OWN_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}


def insert_history(model, objs, user):
    """The creation history rows of ``objs`` (saved rows of ``model``) in one ``executemany``: the values of
    the tracked fields as they are, without building a historical model instance per row — that and the ORM's
    INSERT compilation were half of a bulk import's writing time. A history model with fields of its own
    (a custom ``history_relation`` or extra fields) goes through :func:`create_history`."""
    history = model.history.model
    tracked = {f.attname for f in history.tracked_fields}
    fields = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
    if hasattr(history, "history_relation") or {f.attname for f in fields} - tracked - HISTORY_OWN_FIELDS:
        create_history(model, objs, user)
        return
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    connection = connections[router.db_for_write(history)]
    own = {"history_date": timezone.now(), "history_change_reason": None, "history_type": "+", "history_user_id": getattr(user, "pk", None)}
    ops = connection.ops
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        ops.quote_name(history._meta.db_table), ", ".join(ops.quote_name(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    prepared_own = {f.attname: f.get_db_prep_save(own[f.attname], connection) for f in fields if f.attname in own}
    getters = [(f, f.attname in tracked) for f in fields]
    rows = []
    for obj in objs:
        rows.append([f.get_db_prep_save(getattr(obj, f.attname), connection) if is_tracked else prepared_own[f.attname] for f, is_tracked in getters])
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[i : i + 1000])
