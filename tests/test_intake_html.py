"""Web pages saved as .html read like the converted corpus texts."""
from __future__ import annotations

import time

from app.intake import read

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Văn bản</title>
<style>p{color:red}</style><script>var tracking = "Kính gửi: quảng cáo";</script></head>
<body><nav>Trang chủ | Tin tức</nav>
<table><tr><td><b>ỦY BAN NHÂN DÂN</b><br><b>TỈNH LẠNG SƠN</b></td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></td></tr>
<tr><td>Số: 3508/VP-KGVX<br>V/v thực hiện một số nội dung</td><td><i>Lạng Sơn, ngày 05 tháng 9 năm 2018</i></td></tr></table>
<p>Kính gửi: Các sở, ban, ngành.</p>
<p>1. Sở Nội vụ chủ trì, phối hợp với các cơ quan có liên quan; báo cáo UBND tỉnh
<b>trước ngày 20/10/2018</b>.</p>
<table><tr><th>TT</th><th>Nội dung</th><th>Đơn vị chủ trì</th></tr>
<tr><td>1</td><td>Rà soát hồ sơ</td><td>Sở Nội vụ &amp; Sở Tư pháp</td></tr></table>
<p><b>Nơi nhận:</b></p><ul><li>Như trên;</li><li>Lưu: VT.</li></ul>
</body></html>"""


def test_html_page_reads_as_printed():
    doc = read(PAGE.encode(), "vb.html")
    assert doc.format == "html"
    assert doc.text.split("\n") == [
        "ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 3508/VP-KGVX", "V/v thực hiện một số nội dung", "Lạng Sơn, ngày 05 tháng 9 năm 2018",
        "Kính gửi: Các sở, ban, ngành.",
        "1. Sở Nội vụ chủ trì, phối hợp với các cơ quan có liên quan; báo cáo UBND tỉnh trước ngày 20/10/2018.",
        "TT | Nội dung | Đơn vị chủ trì", "1 | Rà soát hồ sơ | Sở Nội vụ & Sở Tư pháp",
        "Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert [doc.block_text(b) for b in doc.blocks if b.kind == "header_right"][1] == "Lạng Sơn, ngày 05 tháng 9 năm 2018"
    assert "quảng cáo" not in doc.text and "Trang chủ" not in doc.text


def test_html_entities_are_not_expanded_and_undeclared_utf8_is_read():
    lol = ('<!DOCTYPE html [<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + ']><html><body><p>&j; Kính gửi: Sở Nội vụ.</p></body></html>')
    t = time.perf_counter()
    doc = read(lol.encode(), "x.html")
    assert time.perf_counter() - t < 2
    assert doc.text == "&j; Kính gửi: Sở Nội vụ." and len(doc.text) < 100
