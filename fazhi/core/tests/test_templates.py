"""Template comments: Django's ``{# … #}`` is a single-line comment — one spread over several lines is not a
comment at all and shows as text on the page. Several lines take ``{% comment %}``. The workflow actions of a
detail page once showed theirs on every record with a workflow."""

import re
from pathlib import Path

from django.conf import settings

from fazhi.litigation.tests.factories import LawsuitFactory, org


def template_files():
    dirs = [Path(d) for t in settings.TEMPLATES for d in t["DIRS"]]
    dirs += [p for p in (Path(settings.BASE_DIR) / "fazhi").glob("*/templates")]
    return sorted(f for d in dirs for f in d.rglob("*") if f.is_file() and f.suffix in (".html", ".txt", ".xml", ".md"))


def multi_line_comments(text):
    """(line number, line) of every ``{#`` not closed by ``#}`` on the same line."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        for m in re.finditer(r"\{#", line):
            if "#}" not in line[m.end():]:
                out.append((n, line.strip()))
    return out


def test_the_scan_finds_a_comment_spread_over_two_lines():
    assert multi_line_comments("{# one line #}\n<p>{# a comment\n that goes on #}</p>") == [(2, "<p>{# a comment")]


def test_no_template_has_a_comment_spread_over_several_lines():
    files = template_files()
    assert any(f.name == "_actions.html" for f in files)
    offenders = [f"{f}:{n}: {line}" for f in files for n, line in multi_line_comments(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_a_detail_page_with_workflow_actions_shows_no_template_comment(cast, login):
    case = LawsuitFactory(org=org("demo-d01"))
    r = login(cast["dept1"]).get(f"/litigation/{case.pk}/")
    assert r.status_code == 200
    page = r.content.decode()
    assert 'data-testid="actions"' in page and "data-transition=" in page
    assert "{#" not in page and "#}" not in page
    assert "RegistryDetailView.workflow_context" not in page
