"""What the browser tests do on every page: signing in."""

from fazhi.demo import county as demo


def login(page, username, password=demo.DEFAULT_PASSWORD):
    """Sign in as ``username`` through the login page; the home page must follow."""
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    assert page.url == page.base_url + "/", f"login as {username} did not reach the home page: {page.url}"
