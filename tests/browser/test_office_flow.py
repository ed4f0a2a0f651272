"""The whole office flow in real headless Chromium: upload a seed dispatch by drag and drop, wait
for extraction, review (evidence, correct, split, delete, map units), register, follow the tasks,
record progress, extend a deadline, reply and complete, export the registers, see the report.
Screenshots of every screen go to test-artifacts/screenshots/."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "corpus" / "vp-ubnd-langson-2018-3508-cv.txt"


def login(page, base, username):
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", "matkhau123")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))


def logout(page):
    page.click("header .user button")
    page.wait_for_url(re.compile(r".*/login"))


def drop_file(page, selector, name, content: str):
    """Drop a file onto an element the way a user drags one from the file manager."""
    dt = page.evaluate_handle("""([name, content]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([content], name, {type: 'text/plain'}));
        return dt; }""", [name, content])
    page.dispatch_event(selector, "dragenter", {"dataTransfer": dt})
    page.dispatch_event(selector, "drop", {"dataTransfer": dt})


def highlighted(page) -> str:
    return page.evaluate("() => { const h = CSS.highlights.get('evidence'); "
                         "return h ? [...h][0].toString() : ''; }")


def test_whole_office_flow(live_office, chromium, shot, tmp_path):
    base, app = live_office
    ctx = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # 1. the clerk logs in and drops the received dispatch on the upload zone
    page.goto(f"{base}/dispatches")
    assert "/login" in page.url
    shot(page, "dang-nhap")
    login(page, base, "clerk")
    page.goto(f"{base}/dispatches")
    drop_file(page, "#dropzone", "3508-VP-KGVX.txt", SEED.read_text(encoding="utf-8"))
    page.wait_for_url(f"{base}/dispatches")
    assert "Đã tải lên 1 tệp" in page.inner_text("main")
    shot(page, "van-ban-den-dang-xu-ly")

    # 2. extraction runs in the background; the list updates itself
    row = page.locator("#dispatch-table tbody tr").first
    row.locator(".badge[data-status=review]").wait_for(timeout=60_000)
    assert "3508/VP-KGVX" in row.inner_text()
    shot(page, "van-ban-den-cho-kiem-tra")

    # 3. review: clicking a task shows its evidence in the text
    row.get_by_role("link", name="Kiểm tra, vào sổ").click()
    page.wait_for_selector("#review-form")
    tasks = page.locator("#tasks fieldset.task-edit")
    n = tasks.count()
    assert n >= 3
    tasks.nth(0).locator(".act-evidence").click()
    assert highlighted(page).startswith("Sở Nội vụ: Tiếp tục tham mưu")
    page.locator(".with-ev:has(#f-subject) .ev-link").click()
    assert "thi đua" in highlighted(page)
    page.focus("#f-code_text")                             # focusing a field shows where it was read
    assert highlighted(page) == "3508/VP-KGVX"
    shot(page, "kiem-tra-can-cu")

    # correct: the organ (not found by extraction), split task 2 before its deadline sentence,
    # edit a task, delete the last one, map "Sở Nội vụ" to the directory's Phòng Nội vụ
    page.fill("#f-organ_name", "VĂN PHÒNG UBND TỈNH LẠNG SƠN")
    original_span = tasks.nth(1).locator(".t-span").input_value()
    second = tasks.nth(1).locator(".t-text")
    value = second.input_value()
    cut = value.index("Thời gian hoàn thành")
    second.evaluate("(el, pos) => { el.focus(); el.setSelectionRange(pos, pos); }", cut)
    tasks.nth(1).locator(".act-split").click()
    assert tasks.count() == n + 1
    assert tasks.nth(2).locator(".t-text").input_value().startswith("Thời gian hoàn thành")
    tasks.nth(2).locator(".act-evidence").click()
    assert highlighted(page).startswith("Thời gian hoàn thành")
    tasks.nth(1).locator(".act-merge").click()            # changed my mind: merge it back
    assert tasks.count() == n
    assert tasks.nth(1).locator(".t-text").input_value() == value
    tasks.nth(1).locator(".act-evidence").click()
    assert highlighted(page) == value
    assert tasks.nth(1).locator(".t-span").input_value() == original_span
    tasks.nth(0).locator(".t-text").fill("Sở Nội vụ: tham mưu hoàn thiện hệ thống văn bản về thi đua, khen thưởng.")
    tasks.nth(n - 1).locator(".act-delete").click()
    assert tasks.count() == n - 1
    page.click("#add-task")                                  # a task the extraction could not see
    assert tasks.count() == n and page.evaluate("document.activeElement.classList.contains('t-text')")
    page.keyboard.type("Văn phòng tổng hợp kết quả, báo cáo Chủ tịch UBND tỉnh.")
    vp = str(app.config["UNITS"]["VP"])
    tasks.nth(n - 1).locator(".t-unit").select_option(vp)
    assert tasks.nth(n - 1).locator(".t-due").get_attribute("placeholder") == "dd/mm/yyyy"
    tasks.nth(n - 1).locator(".t-due").fill("05/04/2025")          # dates are typed the Vietnamese way
    assert page.inner_text("#confirm-count") == str(n)
    nv = str(app.config["UNITS"]["NV"])
    mapping = page.locator("#unit-mapping tr", has_text="Sở Nội vụ").first.locator("select")
    mapping.select_option(nv)
    assert tasks.nth(0).locator(".t-unit").input_value() == nv
    tasks.nth(0).locator(".t-due").fill("25/03/2025")
    page.select_option("#f-recipient_unit_id", nv)
    page.fill("#f-due_date", "31/3/2025")
    shot(page, "kiem-tra-da-sua")
    page.click("#confirm")
    page.wait_for_selector("text=Văn bản đến số 1/2025")
    assert "Đã vào sổ văn bản đến: số đến 1" in page.inner_text("main")
    assert page.locator(".task-cards li").count() == n
    shot(page, "da-vao-so")
    logout(page)

    # 4. the leader sees the tasks, extends the deadline of the Phòng Nội vụ task
    login(page, base, "leader")
    page.goto(f"{base}/tasks")
    assert page.locator("#task-table tbody tr").count() == n
    assert "Văn phòng tổng hợp kết quả" in page.inner_text("#task-table")
    assert page.locator("#count-overdue strong").inner_text() != "0"   # the 2018 deadlines are long past
    shot(page, "nhiem-vu")
    for typed, valid in (("05/03/2025", True), ("5-3-2025", True), ("2025-03-05", True), ("05.03.2025", False)):
        page.fill("#fl-from", typed)                      # the browser itself checks the dd/mm/yyyy pattern
        assert page.eval_on_selector("#fl-from", "el => el.checkValidity()") is valid, typed
    page.fill("#fl-from", "")
    page.locator("#task-table a", has_text="tham mưu hoàn thiện").click()
    page.wait_for_selector("#extend-form")
    assert "Còn 15 ngày" in page.inner_text(".task-head") or "25/03/2025" in page.inner_text("#due-date")
    assert page.get_attribute("#f-new_due_date", "placeholder") == "dd/mm/yyyy"
    page.fill("#f-new_due_date", "31/02/2025")
    page.click("#extend-form button[type=submit]")
    assert "tháng 2/2025 chỉ có 28 ngày" in page.inner_text("#extend-form")
    page.fill("#f-new_due_date", "2025-03-01")
    page.click("#extend-form button[type=submit]")
    assert "Hạn mới phải sau hạn hiện tại" in page.inner_text("#extend-form")
    assert page.input_value("#f-new_due_date") == "01/03/2025"         # shown back dd/mm/yyyy
    assert "Nhập lý do gia hạn" in page.inner_text("#extend-form")
    shot(page, "gia-han-loi")
    page.fill("#f-new_due_date", "15/4/2025")
    page.fill("#f-reason", "Chờ ý kiến của các sở, ngành")
    page.click("#extend-form button[type=submit]")
    page.wait_for_selector("#extensions")
    assert "15/04/2025" in page.inner_text("#due-date")
    task_url = page.url
    logout(page)

    # 5. the officer of Phòng Nội vụ records progress with an attachment, drafts the reply, completes
    login(page, base, "officer")
    page.goto(task_url)
    page.fill("#f-text", "Đã dự thảo văn bản hướng dẫn, gửi lấy ý kiến các phòng.")
    page.fill("#f-percent", "60")
    attachment = tmp_path / "du-thao-huong-dan.txt"
    attachment.write_text("Dự thảo", encoding="utf-8")
    page.set_input_files("#f-attachment", str(attachment))
    page.click("#note-form button[type=submit]")
    page.wait_for_selector("text=Đã ghi nhận tiến độ.")
    assert "60%" in page.inner_text("#notes") and "du-thao-huong-dan.txt" in page.inner_text("#notes")
    shot(page, "tien-do")

    page.click("#reply-button")
    page.wait_for_selector('[id="f-content"]')
    assert page.inner_text("#reply-banner-text").startswith("Trả lời Công văn số 3508/VP-KGVX ngày 05/9/2018 của")
    assert page.get_attribute("#reply-banner-task", "href") == task_url.removeprefix(base)
    page.focus("#site-q")                                   # the links back are reached with the keyboard
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "reply-banner-dispatch":
            break
    assert page.evaluate("document.activeElement.id") == "reply-banner-dispatch"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "reply-banner-task"
    content = page.input_value('[id="f-content"]')
    assert content.startswith("Phúc đáp Công văn số 3508/VP-KGVX ngày 05/09/2018 của")
    assert "tham mưu hoàn thiện" in content
    assert page.input_value('[id="f-response_for"]') == "3508/VP-KGVX"
    shot(page, "soan-tra-loi")
    for field, value in (("organ.name", "Sở Nội vụ tỉnh Lạng Sơn"), ("organ.in_charge", "Ủy ban nhân dân tỉnh Lạng Sơn"),
                         ("code.notation", "SNV-TĐKT"), ("promulgation.place", "Lạng Sơn"),
                         ("signer.position", "GIÁM ĐỐC"), ("signer.full_name", "Hoàng Văn Minh")):
        page.fill(f'[id="f-{field}"]', value)
    page.fill('[id="f-content"]', content.replace("...", "Sở Nội vụ báo cáo kết quả thực hiện như sau."))
    issued = page.locator('[id="f-promulgation.date"]')             # the drafting form's date, typed dd/mm/yyyy
    assert issued.get_attribute("type") == "text" and issued.get_attribute("inputmode") == "numeric"
    issued.fill("10/3/2025")
    assert issued.evaluate("el => el.checkValidity()")
    page.get_by_role("button", name="Tạo văn bản").click()
    page.wait_for_selector("#complete-form")
    reply_code = page.input_value("#f-reply_code")
    assert reply_code.endswith("/SNV-TĐKT"), reply_code
    assert page.locator("#reply-docx").count() == 1
    assert page.get_attribute("#reply-done-dispatch", "href").startswith("/dispatches/")   # links back
    shot(page, "da-tao-tra-loi")
    page.fill("#f-reply_code", reply_code)
    page.click("#complete-form button[type=submit]")
    page.wait_for_selector("#reply-code")
    assert page.inner_text("#reply-code") == reply_code
    assert "Hoàn thành đúng hạn" in page.inner_text(".task-head")
    shot(page, "hoan-thanh")
    logout(page)

    # 6. the clerk exports the registers
    login(page, base, "clerk")
    page.goto(f"{base}/registers?year=2025")
    assert "3508/VP-KGVX" in page.inner_text("#register-table")
    shot(page, "so-van-ban-den")
    with page.expect_download() as dl:
        page.click("#export-xlsx")
    ws = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes())).active
    assert ws["A2"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" and ws["D6"].value == "3508/VP-KGVX" and ws["B6"].value == "1"
    page.click("text=Sổ theo dõi giải quyết văn bản đến")
    page.wait_for_selector("#register-table")
    assert reply_code in page.inner_text("#register-table")
    shot(page, "so-theo-doi")
    with page.expect_download() as dl:
        page.click("#export-xlsx")
    ws = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes())).active
    assert ws["A2"].value == "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" and reply_code in (ws["F6"].value or "")

    # 7. the report per unit, as a chart
    page.goto(f"{base}/reports")
    assert page.locator("#report-chart rect").count() >= 2
    assert page.inner_text("#total-done_on_time") == "1"
    shot(page, "bao-cao")
    with page.expect_download() as dl:
        page.click("#export-xlsx")
    ws = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes())).active
    assert ws["A5"].value == "Đơn vị" and any(c.value == "Phòng Nội vụ" for c in ws["A"])

    # 8. search from the header, without diacritics
    page.fill("#site-q", "thi dua khen thuong")
    page.press("#site-q", "Enter")
    page.wait_for_selector("#dispatch-results")
    assert "3508/VP-KGVX" in page.inner_text("#dispatch-results")
    shot(page, "tim-kiem")

    # the same screens fit a phone: no horizontal overflow of the page itself
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/tasks", "/dispatches", "/reports"):
        page.goto(base + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    shot(page, "dien-thoai-bao-cao")
    assert not errors, errors
    ctx.close()


def test_failed_upload_says_why_and_retries(live_office, chromium, shot):
    base, _ = live_office
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    login(page, base, "clerk")
    page.goto(f"{base}/dispatches")
    page.focus("#upload-files")                              # keyboard: the chooser opens from the keyboard
    with page.expect_file_chooser() as fc:
        page.keyboard.press(" ")
    fc.value.set_files(files=[{"name": "hong.pdf", "mimeType": "application/pdf",
                               "buffer": b"%PDF-1.4 tep hong \x00\x01"}])
    assert "hong.pdf" in page.inner_text("#upload-chosen")
    page.click("#upload-submit")
    row = page.locator("#dispatch-table tbody tr").first
    row.locator(".badge[data-status=failed]").wait_for(timeout=60_000)
    reason = row.locator(".failure").inner_text()
    assert reason and re.search(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", reason)
    shot(page, "tai-len-loi")
    row.get_by_role("button", name="Thử lại").click()
    page.wait_for_selector("text=Đã gửi lại văn bản để xử lý.")
    page.close()


def test_officer_drafts_a_cong_van_in_the_browser(live_office, chromium, shot, tmp_path):
    """The drafting form (mission 1) in Chromium with an English locale: the date is typed
    dd/mm/yyyy, an impossible day is refused beside its field, the number comes from the
    register and the downloaded .docx carries the typed date in the decree's words."""
    from docx import Document

    base, _ = live_office
    ctx = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", accept_downloads=True)
    page = ctx.new_page()
    login(page, base, "officer")
    page.goto(f"{base}/drafting/cong_van")
    page.get_by_role("link", name="Điền dữ liệu ví dụ").click()
    number, day = page.locator("#f-code\\.number"), page.locator("#f-promulgation\\.date")
    assert day.get_attribute("placeholder") == "dd/mm/yyyy" and day.input_value() == "05/02/2025"
    number.fill("")                                  # let the outgoing register give the number
    day.fill("31/02/2025")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("#e-promulgation\\.date")
    assert "không có thật" in page.inner_text("#e-promulgation\\.date")
    assert page.locator("#f-promulgation\\.date").input_value() == "31/02/2025"    # kept as typed
    shot(page, "ngay-khong-co-that")
    page.locator("#f-promulgation\\.date").fill("7/3/2025")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("text=Đã tạo văn bản số")
    assert "1/UBND-VP" in page.inner_text("main") and "07/03/2025" in page.inner_text("main")
    shot(page, "da-tao-van-ban")
    with page.expect_download() as dl:
        page.get_by_role("link", name="tệp Word (.docx)").click()
    path = tmp_path / "cv.docx"
    dl.value.save_as(path)
    text = "\n".join(p.text for p in Document(path).paragraphs) + "\n".join(
        c.text for t in Document(path).tables for r in t.rows for c in r.cells)
    assert "ngày 07 tháng 3 năm 2025" in text and "Số: 01/UBND-VP" in text
    ctx.close()
