"""The staff portal in a real browser: headless Chromium (the system's, driven by Playwright
over the DevTools protocol) opens the register, searches, opens a document, downloads its PDF
copy and signs an acknowledgement, at a desktop's width and a phone's. Screenshots of each step
are kept in the artefacts folder.

Run by PortalBrowserTests with: base URL, artefacts folder, document id, search word, user,
passphrase (read from standard input, not the command line). Prints one line per step; exits
non-zero, naming the step, on the first failure.
"""

import os
import sys

from playwright.sync_api import sync_playwright, expect


def main() -> int:
    base, artefacts, document, word, user = sys.argv[1:6]
    passphrase = sys.stdin.readline().rstrip("\n")
    os.makedirs(artefacts, exist_ok=True)
    chromium = os.environ.get("STET_CHROMIUM") or "/usr/bin/chromium"
    problems = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for name, viewport in [("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})]:
            context = browser.new_context(viewport=viewport, accept_downloads=True, java_script_enabled=False)
            page = context.new_page()
            # A blocked resource or a policy violation shows in the console: the pages must need none.
            page.on("console", lambda message: problems.append(f"{name} console: {message.text}")
                    if message.type in ("error", "warning") else None)
            page.on("requestfailed", lambda request: problems.append(f"{name} request failed: {request.url}"))

            page.goto(base + "/")
            expect(page.get_by_role("heading", level=1)).to_have_text("Register")
            expect(page.get_by_role("link", name=document)).to_be_visible()
            page.screenshot(path=f"{artefacts}/register-{name}.png", full_page=True)
            print(f"{name}: register")

            page.get_by_label("Search titles and text").fill(word)
            page.get_by_role("button", name="Search").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Search results")
            expect(page.locator("mark").first).to_be_visible()
            page.screenshot(path=f"{artefacts}/search-{name}.png", full_page=True)
            print(f"{name}: search")

            page.get_by_role("link", name=document).first.click()
            expect(page.locator(".banner.in-force")).to_contain_text("IN FORCE.")
            page.screenshot(path=f"{artefacts}/document-{name}.png", full_page=True)
            print(f"{name}: document")

            with page.expect_download() as waiting:
                page.get_by_role("link", name="PDF, to print").click()
            download = waiting.value
            saved = f"{artefacts}/{name}-{download.suggested_filename}"
            download.save_as(saved)
            with open(saved, "rb") as file:
                if not file.read(4) == b"%PDF":
                    raise SystemExit(f"{name}: the download is not a PDF")
            print(f"{name}: downloaded {download.suggested_filename}")

            if name == "desktop":
                page.get_by_role("link", name="read and understood").click()
                expect(page.locator(".banner.meaning")).to_contain_text("acknowledgement (read and understood)")
                page.get_by_label("Your user id").fill(user)
                page.get_by_label("Your passphrase").fill("not the passphrase")
                page.get_by_role("button", name="Sign: read and understood").click()
                expect(page.get_by_role("alert")).to_contain_text("Not signed.")
                # The refusal's own status (403) is logged by the browser as a failed load: expected here.
                problems[:] = [p for p in problems if "status of 403" not in p]
                page.screenshot(path=f"{artefacts}/acknowledge-refused-{name}.png", full_page=True)
                print(f"{name}: wrong passphrase refused")
                page.get_by_label("Your passphrase").fill(passphrase)
                page.get_by_role("button", name="Sign: read and understood").click()
                expect(page.get_by_role("heading", level=1)).to_contain_text("read and understood")
                expect(page.get_by_role("status")).to_contain_text("signed the acknowledgement")
                page.screenshot(path=f"{artefacts}/acknowledged-{name}.png", full_page=True)
                print(f"{name}: signed")

            # Keyboard: the first Tab reaches the skip link, which leads to the content.
            page.goto(base + "/")
            page.keyboard.press("Tab")
            expect(page.locator(":focus")).to_have_text("Skip to content")
            context.close()
        browser.close()

    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
