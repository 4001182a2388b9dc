"""The 系统管理 pages (Django's admin) reached from the left navigation: they carry the platform's name
and colours, lead back to the 工作台, and run under the same Content-Security-Policy without a blocked
script or a missing file (the ``page`` fixture fails the test on either)."""

import pytest

from .conftest import shot
from .test_legal_adviser_flow import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_system_admin_opens_the_org_tree_and_a_user_and_comes_back(page, county):
    login(page, "admin")
    nav = page.locator("nav.fz-sidebar")
    assert nav.get_by_role("link").all_inner_texts() == ["首页", "机构", "用户", "角色"]

    with page.expect_navigation():
        nav.get_by_role("link", name="机构").click()
    assert page.locator("#site-name").inner_text().startswith("法治政府建设工作平台")
    assert page.locator("#header").evaluate("e => getComputedStyle(e).backgroundImage").startswith("linear-gradient")
    assert page.get_by_role("link", name="示范县司法局城关镇司法所").is_visible()
    shot(page, "12-admin-orgs")

    page.goto(page.base_url + "/admin/core/user/")
    with page.expect_navigation():
        page.locator("#result_list").get_by_role("link", name="section").click()
    assert "示范县司法局城关镇司法所" in page.locator(".field-memberships_summary").inner_text()
    shot(page, "13-admin-user")

    with page.expect_navigation():
        page.get_by_role("link", name="返回工作台").click()
    assert page.url == page.base_url + "/"
    assert page.locator("h1").inner_text().strip() == "我的待办"
