"""A dump of the demo county's database holds no ID number and no mobile number in clear (个人信息保护法 Art. 51):
every table, live, history and audit alike, read as the database stores it."""

import re

from django.db import connection

from fazhi.core import crypto

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z+/.])\d{17}[\dXx](?![0-9A-Za-z+/])")
MOBILE = re.compile(r"(?<![0-9A-Za-z+/.])1[3-9]\d{9}(?![0-9A-Za-z+/])")


def test_no_table_of_the_demo_county_holds_an_id_number_or_a_mobile_number_in_clear(demo):
    found, encrypted = {}, 0
    with connection.cursor() as c:
        for table in connection.introspection.table_names(c):
            c.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — the database's own table names
            for row in c.fetchall():
                for value in row:
                    if not isinstance(value, str):
                        continue
                    encrypted += value.startswith(crypto.PREFIX)
                    text = crypto.TOKEN_IN_TEXT.sub("", value)
                    for hit in ID_NUMBER.findall(text) + MOBILE.findall(text):
                        found.setdefault(table, set()).add(hit)
    assert found == {}
    assert encrypted > 1000  # the demo's applicants, advisers and their history are there, encrypted
