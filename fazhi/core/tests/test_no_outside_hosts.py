"""No page asks the browser for anything outside the platform's own server (DESIGN.md §4.8): the bureau's
PCs sit on the government intranet (政务外网) without internet, so a CDN stylesheet, a web font or a
script from outside would simply not load there — and would leak the page visit if it did.

Signed in as each administrative and business role, the test walks every page reachable from the left
navigation and the top bar, one level down (one record of each kind: detail, history, edit form, delete
confirmation, import page, admin change pages), plus each registry's form re-shown with errors. On every
HTML page, every ``src=``, ``href=``, ``action=`` and ``url(`` must stay on this server; no inline script
may appear (the Content-Security-Policy would block it); every static file referenced must exist, and so
must every file the referenced stylesheets pull in (fonts, images)."""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.core.models import Org

HOST = "testserver"  # the Django test client's host: the only absolute host allowed
ROLES = ["bureau", "admin", "secadmin", "auditor", "section", "station1"]

ATTR_RE = re.compile(r"""\b(src|href|action|poster|srcset|formaction)\s*=\s*(["'])(.*?)\2""", re.I | re.S)
CSS_URL_RE = re.compile(r"""url\(\s*(["']?)([^"')]+?)\1\s*\)|@import\s+(["'])([^"']+)\3""", re.I)
SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
HANDLER_RE = re.compile(r"""<[^>]+\son[a-z]+\s*=""", re.I)
# Hosts that would mean a CDN or web-font service crept into the front-end assets.
CDN_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "code.jquery.com", "bootcdn", "staticfile.org", "googletagmanager", "google-analytics")


def outside(ref):
    """True when ``ref`` would make the browser contact another host (or run script from a URL)."""
    ref = ref.strip()
    if ref.lower().startswith("javascript:"):
        return True
    parts = urlsplit(ref)
    if parts.scheme in ("data", "mailto", "tel", "blob", "about"):
        return False
    if parts.scheme and parts.scheme not in ("http", "https"):
        return True
    return bool(parts.netloc) and parts.hostname != HOST


def page_refs(html):
    refs = [m.group(3) for m in ATTR_RE.finditer(html)]
    for value in list(refs):
        if "," in value and " " in value:  # srcset: "a.png 1x, b.png 2x"
            refs += [part.strip().split(" ")[0] for part in value.split(",")]
    refs += [m.group(2) or m.group(4) for m in CSS_URL_RE.finditer(html)]  # style attributes and <style>
    return [r for r in refs if r]


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def id_pattern(path):
    """/advisers/12/edit/ and /advisers/13/edit/ are the same page: visit one record of each kind."""
    return re.sub(r"/\d+(?=/)", "/<id>", path)


class Walk:
    """The pages one user reaches, with what they reference."""

    def __init__(self, client, user):
        self.client = client
        self.user = user
        self.seen = set()
        self.pages = {}  # path -> html
        self.static = set()
        self.problems = []
        self.elsewhere = []

    def get(self, path, method="get", data=None, expect=(200,)):
        response = getattr(self.client, method)(path, data or {})
        if response.status_code not in expect:
            self.problems.append(f"{self.user}: {method.upper()} {path} answered {response.status_code}")
            return None
        if not response.get("Content-Type", "").startswith("text/html"):
            return None  # an Excel download: nothing to look into
        html = body(response).decode()
        self.check(path, html)
        self.pages[f"{method.upper()} {path}"] = html
        return html

    def check(self, path, html):
        for ref in page_refs(html):
            if outside(ref):
                self.problems.append(f"{self.user}: {path} refers outside: {ref}")
                continue
            target = urlsplit(urljoin(path, ref.strip()))
            if target.path.startswith(settings.STATIC_URL):
                self.static.add(target.path)
        for attrs, code in SCRIPT_RE.findall(html):
            if "src=" not in attrs and code.strip() and "application/json" not in attrs:
                self.problems.append(f"{self.user}: {path} has an inline script: {code.strip()[:80]}")
        for m in HANDLER_RE.finditer(html):
            self.problems.append(f"{self.user}: {path} has an inline event handler: {m.group(0)[:80]}")

    def links(self, html, base):
        for ref in (m.group(3) for m in ATTR_RE.finditer(html) if m.group(1).lower() == "href"):
            target = urlsplit(urljoin(base, ref.strip()))
            if not target.netloc or target.hostname == HOST:
                if target.query or target.path.startswith(settings.STATIC_URL):
                    continue
                yield target.path

    def crawl(self, start):
        """The page at ``start`` and the pages under it, one record of each kind; pages elsewhere that
        those link to (the role assignment page from a user's admin page, say) are visited too, but not
        followed further."""
        queue = deque([start])
        while queue:
            path = queue.popleft()
            key = id_pattern(path)
            if key in self.seen or path.endswith(("/logout/", "/export/", "/template/")):
                continue
            self.seen.add(key)
            html = self.get(path)
            if html is None or start == "/":
                continue
            for p in self.links(html, path):
                (queue if p.startswith(start) else self.elsewhere).append(p)

    def visit_elsewhere(self):
        """The pages outside every crawled tree that those trees link to, without following them."""
        for path in dict.fromkeys(self.elsewhere):
            key = id_pattern(path)
            if key not in self.seen and not path.endswith(("/logout/", "/export/", "/template/")):
                self.seen.add(key)
                self.get(path, expect=(200, 405))  # 405: a POST-only address (the org switch)


def nav_paths(html):
    """The links of the left navigation and of the top bar."""
    out = []
    for block in re.findall(r"<nav\b[^>]*fz-sidebar.*?</nav>|<header\b.*?</header>", html, re.S):
        out += [m.group(3) for m in ATTR_RE.finditer(block) if m.group(1).lower() == "href"]
    return [urlsplit(p).path for p in dict.fromkeys(out) if not urlsplit(p).netloc]


@pytest.fixture
def records(county):
    """A few legal advisers in the bureau, a department and a station, so that detail pages exist."""
    for code in ("demo-sfj", "demo-d01", "demo-s01"):
        org = Org.objects.get(code=code)
        LegalAdviserFactory(org=org)
        LegalAdviserFactory(org=org)


@pytest.mark.parametrize("username", ROLES)
def test_no_page_reachable_from_the_navigation_refers_outside_the_server(client, cast, records, username):
    client.force_login(cast[username])
    walk = Walk(client, username)
    home = walk.get("/")
    assert home is not None, walk.problems
    starts = nav_paths(home)
    assert "/" in starts and "/password/" in starts
    for start in starts:
        walk.crawl(start)
    walk.visit_elsewhere()
    # Each registry's form shown again with errors (the page a user sees most after a mistake).
    for start in starts:
        try:
            match = resolve(start)
        except Resolver404:
            continue
        if match.url_name and match.url_name.endswith("_list") and match.namespace != "admin":
            if cast[username].has_perm(f"{match.namespace}.add_{match.url_name.removesuffix('_list')}"):
                html = walk.get(start + "new/", method="post", data={}, expect=(400,))
                assert html is not None and "请改正" in html, walk.problems

    assert not walk.problems, "\n".join(walk.problems)
    assert len(walk.pages) >= 3
    if username == "bureau":
        kinds = {id_pattern(p.split(" ", 1)[1]) for p in walk.pages}
        for page in ("/advisers/", "/advisers/new/", "/advisers/import/", "/advisers/<id>/", "/advisers/<id>/history/", "/advisers/<id>/edit/", "/advisers/<id>/delete/"):
            assert page in kinds, f"{page} was not reached from the navigation"
    if username == "admin":
        kinds = {id_pattern(p.split(" ", 1)[1]) for p in walk.pages}
        for page in ("/admin/core/org/", "/admin/core/org/<id>/change/", "/admin/core/org/import/", "/admin/core/user/", "/admin/core/user/<id>/change/", "/admin/core/role/"):
            # (the role page is reached only from accounts he manages; the walk meets his own first — test_separation.py
            # covers the page)
            assert page in kinds, f"{page} was not reached from the navigation"

    # Every static file the pages name exists, and so does everything their stylesheets pull in.
    assert any(p.endswith("bootstrap.min.css") for p in walk.static)
    missing = []
    queue = deque(sorted(walk.static))
    done = set()
    while queue:
        path = queue.popleft()
        if path in done:
            continue
        done.add(path)
        response = client.get(path)
        if response.status_code != 200:
            missing.append(f"{path} answered {response.status_code}")
            continue
        if path.endswith(".css"):
            css = body(response).decode("utf-8", "replace")
            for m in CSS_URL_RE.finditer(css):
                ref = (m.group(2) or m.group(4)).strip()
                if outside(ref):
                    missing.append(f"{path} refers outside: {ref}")
                elif not ref.startswith("data:"):
                    queue.append(urlsplit(urljoin(path, ref)).path)
    assert not missing, "\n".join(missing)
    assert any(p.endswith(".woff2") for p in done), "the icon font was not followed from its stylesheet"


def test_vendored_assets_load_nothing_from_outside():
    """The copied npm assets themselves: no stylesheet imports or points at an outside URL, and no asset
    names a CDN or web-font host."""
    vendor = Path(settings.BASE_DIR) / "static" / "vendor"
    css_files = sorted(vendor.rglob("*.css"))
    assert css_files, "static/vendor has no stylesheets: run `make assets`"
    problems = []
    for path in css_files:
        css = path.read_text("utf-8", "replace")
        for m in CSS_URL_RE.finditer(css):
            ref = (m.group(2) or m.group(4)).strip()
            if outside(ref):
                problems.append(f"{path.relative_to(vendor)}: {ref}")
            elif not ref.startswith("data:") and not (path.parent / urlsplit(ref).path).exists():
                problems.append(f"{path.relative_to(vendor)}: {ref} is not in static/vendor")
    for path in [*css_files, *sorted(vendor.rglob("*.js")), *sorted((Path(settings.BASE_DIR) / "static").glob("[!v]*/*"))]:
        text = path.read_text("utf-8", "replace")
        problems += [f"{path.name} names {host}" for host in CDN_HOSTS if host in text]
    assert not problems, "\n".join(problems)
