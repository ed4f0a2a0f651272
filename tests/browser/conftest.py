"""Browser fixtures: the app served from a thread on a fresh SQLite database (background jobs in
the thread pool, as in a single-machine install) and Debian's headless Chromium via Playwright."""
from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--lang=vi-VN"]


@pytest.fixture
def live_office(sqlite_url, tmp_path):
    """(base_url, app) of a running office with units VP and NV and one user per role ('matkhau123')."""
    from werkzeug.serving import make_server

    from app import create_app
    from app.store.db import session_scope
    from app.tracking import directory

    app = create_app({"DATABASE_URL": sqlite_url, "STORAGE_DIR": str(tmp_path / "files"), "SECRET_KEY": "browser",
                      "BROKER_URL": None, "JOBS_EAGER": False, "TODAY": date(2025, 3, 10)})
    with session_scope(sqlite_url) as s:
        admin = directory.create_user(s, None, username="admin", full_name="Quản Trị Viên", password="matkhau123",
                                      role="admin")
        vp = directory.create_unit(s, admin, "Văn phòng", "VP")
        nv = directory.create_unit(s, admin, "Phòng Nội vụ", "NV")
        people = (("clerk", "Nguyễn Thị Văn Thư", vp), ("leader", "Trần Văn Lãnh Đạo", vp),
                  ("officer", "Lê Văn Chuyên Viên", nv))
        for username, name, unit in people:
            directory.create_user(s, admin, username=username, full_name=name, password="matkhau123",
                                  role=username, unit_id=unit.id, email=f"{username}@example.vn")
        app.config["UNITS"] = {"VP": vp.id, "NV": nv.id}
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):   # scripts/test.sh installs it: missing in CI is a failure
            pytest.fail("Debian chromium is not installed")
        pytest.skip("Debian chromium is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def shot(request):
    """shot(page, name): keep a full-page screenshot under test-artifacts/screenshots/<test>-NN-name.png."""
    prefix = request.node.name.removeprefix("test_")[:24]
    SHOTS.mkdir(parents=True, exist_ok=True)
    counter = {"n": 0}

    def take(page, name: str, full_page: bool = True):
        counter["n"] += 1
        path = SHOTS / f"{prefix}-{counter['n']:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path
    return take
