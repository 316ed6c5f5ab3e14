"""axe-core on every page the browser tests visit, from the vendored, pinned script.

Every document of the test's contexts runs axe on itself once its DOM is parsed and its modules
have run (`DOMContentLoaded`), and hands the result to the test through a binding. While that
run lasts, the page's next navigation (a link followed, a form sent, `goto`) waits for it, so no
page goes by unchecked however fast the test moves on. Only `serious` and `critical` violations
fail the test, all of them at once at its end, each with the rule, where it is, what would fix
it and the pages it was on.

The script is added as an init script and the result comes back through `expose_binding`: both
go through the DevTools protocol, which the Content-Security-Policy does not govern (no
`bypass_csp`). It is not injected from Python after the page has loaded (axe-playwright-python's
way, `page.evaluate`): Chromium holds a new evaluation while a navigation is pending, so a check
begun just as the test clicks on would block that click."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Route

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
REPORT = "__festivalAxeReport"
# Run in every document of the page's top frame served by the site; it reports the serious and
# critical violations only.
RUN_ON_EACH_PAGE = """
(() => {
  if (window.top !== window || !location.protocol.startsWith("http")) return;
  document.addEventListener("DOMContentLoaded", () => {
    if (document.contentType !== "text/html") return;
    window.__festivalAxeReport("started", location.href);
    axe.run(document, { resultTypes: ["violations"] })
      .then((results) => results.violations
        .filter((rule) => ["serious", "critical"].includes(rule.impact))
        .map((rule) => ({
          rule: rule.id, impact: rule.impact, help: rule.help, helpUrl: rule.helpUrl,
          nodes: rule.nodes.map((node) => ({ target: node.target.join(" "), html: node.html })),
        })))
      .then((violations) => window.__festivalAxeReport("done", location.href, violations),
            (error) => window.__festivalAxeReport("failed", location.href, String(error)));
  });
})();
"""
# The pages a visitor goes to; never the files, media or uploads they fetch (those stay
# unrouted, so the upload's traffic and the player's range requests are left as they are).
PAGES = re.compile(r"^https?://[^/]+/(?!static/|uploads|media/)")
CHECK_POLL_MS = 20
SETTLE_TIMEOUT_S = 15


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    help_url: str
    target: str
    html: str = field(compare=False)

    def describe(self, urls: list[str]) -> str:
        return (
            f"{self.impact} {self.rule}: {self.help}\n"
            f"    at {self.target}: {self.html}\n"
            f"    on {', '.join(urls)}\n"
            f"    {self.help_url}"
        )


@dataclass
class AccessibilityAudit:
    """The violations found on the pages of one test, by where they were found."""

    found: dict[Violation, list[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    """Pages where axe itself failed."""
    pages_checked: int = 0
    running: set[Page] = field(default_factory=set)
    """The pages whose document is being checked."""

    def watch(self, context: BrowserContext) -> None:
        """Check every document of `context`'s pages."""
        context.add_init_script(AXE_SCRIPT.read_text(encoding="utf-8") + RUN_ON_EACH_PAGE)
        context.expose_binding(REPORT, self._on_report)
        context.on("page", self._follow)
        context.route(PAGES, self._hold_navigation)

    def _follow(self, page: Page) -> None:
        # A navigation the test starts itself (not the page) stops the page's scripts, the
        # check's too: it starts once the check is done.
        for name in ("goto", "reload"):
            setattr(page, name, self._after_the_check(page, getattr(page, name)))

    def _after_the_check(self, page: Page, navigate):
        def navigate_once_checked(*args, **kwargs):
            self.settle(page)
            return navigate(*args, **kwargs)

        return navigate_once_checked

    def _on_report(self, source, state: str, url: str, result=None) -> None:
        page = source["page"]
        if state == "started":
            self.running.add(page)
            return
        self.running.discard(page)
        if state == "failed":
            self.failures.append(f"axe failed on {url}: {result}")
            return
        self.pages_checked += 1
        for rule in result:
            for node in rule["nodes"]:
                violation = Violation(
                    rule=rule["rule"],
                    impact=rule["impact"],
                    help=rule["help"],
                    help_url=rule["helpUrl"],
                    target=node["target"],
                    html=" ".join(node["html"].split())[:200],
                )
                urls = self.found.setdefault(violation, [])
                if url not in urls:
                    urls.append(url)

    def _hold_navigation(self, route: Route) -> None:
        """A link followed or a form sent leaves the document once its check is done."""
        request = route.request
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.settle(request.frame.page)
        route.fallback()

    def settle(self, page: Page) -> None:
        """Wait for the check of the page's document, if one is running (for a while: a page
        that cannot finish it is missed, never waited for forever)."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while page in self.running and not page.is_closed() and time.monotonic() < deadline:
            page.wait_for_timeout(CHECK_POLL_MS)

    def report(self) -> str:
        """Every serious or critical violation, with the pages it was on; empty when none."""
        lines = list(self.failures)
        if self.found:
            lines.append(f"axe found {len(self.found)} serious or critical violations:")
            lines += [violation.describe(urls) for violation, urls in self.found.items()]
        return "\n".join(lines)
