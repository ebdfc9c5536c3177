"""The app shell in a real browser: pt-BR, navigation, titles, theme switch, security headers."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from aurora_app.ui import labels, routes
from tests.e2e.conftest import AppServer, BrowserLog, goto_as

NAV_LABELS = [text for text, _href, _icon in labels.NAV]
# Pages with a fixed URL; `/clientes/[id]` needs a record and is covered by its own journey.
STATIC_ROUTES = [r for r in labels.TITLES if "[" not in r and r != routes.LOGIN]

COLOR_SCHEME_JS = """() => {
  const html = document.documentElement;
  if (html.classList.contains('dark')) return 'dark';
  if (html.classList.contains('light')) return 'light';
  return getComputedStyle(html).colorScheme || '';
}"""


def _color_scheme(page: Page) -> str:
    return page.evaluate(COLOR_SCHEME_JS)


def test_shell_pt_br_navigation_theme_and_headers(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir
) -> None:
    response = goto_as(page, app_server, routes.PAINEL)
    assert response is not None and response.ok, f"GET / answered {response and response.status}"

    # Language and title
    assert page.evaluate("document.documentElement.lang") == "pt-BR"
    expect(page).to_have_title(labels.page_title(routes.PAINEL))
    expect(page.get_by_role("heading", level=1, name="Painel", exact=True)).to_be_visible()

    # Sidebar navigation, in pt-BR, with the current page marked
    nav = page.get_by_role("navigation", name="Navegação principal")
    expect(nav).to_be_visible()
    for text in NAV_LABELS:
        expect(nav.get_by_role("link", name=text, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Clientes", exact=True)).to_have_attribute("href", routes.CLIENTES)
    page.screenshot(path=str(screenshot_dir / "shell-painel-claro.png"), full_page=True)

    # Dark-mode switch flips the colour scheme, and back
    switch = page.get_by_role("switch", name="Alternar tema escuro")
    expect(switch).to_be_visible()
    before = _color_scheme(page)
    switch.click()
    page.wait_for_function(f"() => ({COLOR_SCHEME_JS})() !== {json.dumps(before)}", timeout=5_000)
    after = _color_scheme(page)
    assert {before, after} == {"light", "dark"}, (before, after)
    page.screenshot(
        path=str(screenshot_dir / f"shell-painel-{'escuro' if after == 'dark' else 'claro'}.png"), full_page=True
    )
    switch.click()
    page.wait_for_function(f"() => ({COLOR_SCHEME_JS})() === {json.dumps(before)}", timeout=5_000)

    # Security headers on the HTML answer
    headers = response.headers  # lower-case names
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("x-frame-options") == "DENY"
    csp = headers.get("content-security-policy", "")
    assert "default-src" in csp and "frame-ancestors 'none'" in csp, csp
    assert "referrer-policy" in headers

    # The page ran under that CSP without violations or uncaught errors
    violations = page.evaluate("window.__cspViolations || []")
    assert violations == [], violations
    assert browser_log.csp_errors() == [], browser_log.csp_errors()
    assert browser_log.page_errors == [], browser_log.page_errors


def test_nav_marks_the_current_page(page: Page, app_server: AppServer) -> None:
    goto_as(page, app_server, routes.PAINEL)
    nav = page.get_by_role("navigation", name="Navegação principal")
    expect(nav.get_by_role("link", name="Painel", exact=True)).to_have_attribute("aria-current", "page", timeout=3_000)
    expect(nav.get_by_role("link", name="Clientes", exact=True)).to_have_attribute("aria-current", "false")


@pytest.mark.parametrize("route", STATIC_ROUTES)
def test_title_per_route(page: Page, app_server: AppServer, route: str) -> None:
    """Every page says where the user is: "<Página> · Aurora"."""
    response = goto_as(page, app_server, route)
    if response is not None and response.status == 404:
        pytest.skip(f"{route} is not built yet")
    if "/login" in page.url:
        pytest.skip(f"{route} needs a login this test could not make")
    expect(page).to_have_title(labels.page_title(route))
    assert page.evaluate("document.documentElement.lang") == "pt-BR"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/health/live", "application/json"),
        ("/health/ready", "application/json"),
        ("/metrics", "text/plain"),
        ("/api/v1/openapi.json", "application/json"),
    ],
)
def test_backend_served_on_the_same_port(app_server: AppServer, path: str, content_type: str) -> None:
    """Prod mode: front end, websocket, API, health and metrics share one port."""
    with urllib.request.urlopen(app_server.url(path), timeout=10) as answer:
        assert answer.status == 200
        assert answer.headers["Content-Type"].startswith(content_type)
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        body = answer.read()
    if path == "/api/v1/openapi.json":
        assert json.loads(body)["info"]["title"] == "Aurora API"
