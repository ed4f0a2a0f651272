/* vanthu office pages: small progressive enhancements (pages work without this file). */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  window.vanthuFetch = function (url, opts) {
    opts = opts || {};
    opts.headers = Object.assign({"X-CSRFToken": csrf, "Accept": "application/json"}, opts.headers || {});
    opts.credentials = "same-origin";
    return fetch(url, opts);
  };

  /* ---------- upload: drag and drop several files */
  var zone = document.getElementById("dropzone");
  if (zone) {
    var input = document.getElementById("upload-files");
    var chosen = document.getElementById("upload-chosen");
    var form = document.getElementById("upload-form");
    var show = function () {
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      chosen.textContent = names.length ? "Đã chọn " + names.length + " tệp: " + names.join(", ") : "";
    };
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      input.files = e.dataTransfer.files;
      show();
      chosen.textContent += " — đang tải lên…";
      form.submit();
    });
  }

  document.querySelectorAll("input.file-input").forEach(function (inp) {
    var out = inp.parentNode.querySelector(".file-chosen");
    if (out) inp.addEventListener("change", function () {
      out.textContent = inp.files.length ? Array.prototype.map.call(inp.files, function (f) { return f.name; }).join(", ") : "Chưa chọn tệp";
    });
  });

  /* ---------- live progress of dispatches being read and extracted */
  var polled = document.querySelectorAll("[data-poll]");
  if (polled.length) {
    var tick = function () {
      var pending = document.querySelectorAll("[data-poll]");
      if (!pending.length) return;
      Promise.all(Array.prototype.map.call(pending, function (el) {
        return vanthuFetch(el.getAttribute("data-poll")).then(function (r) { return r.json(); }).then(function (j) {
          var badge = el.querySelector(".badge[data-status]");
          if (badge && j.status_label) { badge.textContent = j.status_label; badge.setAttribute("data-status", j.status); }
          return j.status === "uploaded" || j.status === "extracting";
        }).catch(function () { return true; });
      })).then(function (busy) {
        if (busy.indexOf(false) >= 0) { window.location.reload(); return; }
        setTimeout(tick, 1500);
      });
    };
    setTimeout(tick, 1000);
  }

  /* ---------- evidence: highlight a span of the document text */
  var doc = document.getElementById("doc-text");
  function rangeFor(start, end) {
    var walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
    var pos = 0, node, range = document.createRange(), started = false;
    while ((node = walker.nextNode())) {
      var len = node.nodeValue.length;
      if (!started && start <= pos + len) { range.setStart(node, Math.max(0, start - pos)); started = true; }
      if (started && end <= pos + len) { range.setEnd(node, Math.max(0, end - pos)); return range; }
      pos += len;
    }
    return started ? range : null;
  }
  function highlight(start, end) {
    if (!doc || isNaN(start) || isNaN(end)) return;
    var range = rangeFor(start, end);
    if (!range) return;
    if (window.CSS && CSS.highlights && window.Highlight) {
      CSS.highlights.set("evidence", new Highlight(range));
    } else {
      var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }
    doc.querySelectorAll("mark.ev.active").forEach(function (m) { m.classList.remove("active"); });
    var rect = range.getBoundingClientRect(), box = doc.getBoundingClientRect();
    doc.scrollTop += rect.top - box.top - 40;
    if (rect.top < 0 || rect.top > window.innerHeight) { doc.scrollIntoView({block: "start", behavior: "smooth"}); }
    doc.setAttribute("data-highlight", start + "," + end);
  }
  window.vanthuHighlight = highlight;
  function spanOf(value) {
    var m = /^(\d+),(\d+)$/.exec(value || "");
    return m ? [parseInt(m[1], 10), parseInt(m[2], 10)] : null;
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest(".ev-link[data-span]");
    if (link) { var sp = spanOf(link.getAttribute("data-span")); if (sp) highlight(sp[0], sp[1]); }
  });

  document.addEventListener("focusin", function (e) {
    var box = e.target.closest && e.target.closest(".with-ev");
    var link = box && box.querySelector(".ev-link[data-span]");
    if (link) { var sp = spanOf(link.getAttribute("data-span")); if (sp) highlight(sp[0], sp[1]); }
  });

  /* ---------- review: tasks (add, split, merge, delete), unit mapping */
  var tasksBox = document.getElementById("tasks");
  if (!tasksBox) return;
  var tpl = document.getElementById("task-template");
  var docText = doc ? doc.textContent : "";

  function q(fs, sel) { return fs.querySelector(sel); }
  function read(fs) {
    return {
      text: q(fs, ".t-text").value, span: q(fs, ".t-span").value, units: q(fs, ".t-units").value,
      unit: q(fs, ".t-unit").value, coop: q(fs, ".t-coop").value, report: q(fs, ".t-report").value,
      due: q(fs, ".t-due").value, dueText: q(fs, ".t-due-text").value, rec: q(fs, ".t-rec").value
    };
  }
  function nextIndex() {
    var max = -1;
    tasksBox.querySelectorAll("fieldset.task-edit").forEach(function (fs) {
      max = Math.max(max, parseInt(fs.getAttribute("data-index"), 10));
    });
    return max + 1;
  }
  function make(v) {
    var i = String(nextIndex());
    var html = tpl.innerHTML.replace(/__i__/g, i);
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fs = holder.querySelector("fieldset");
    if (v) {
      q(fs, ".t-text").value = v.text || ""; q(fs, ".t-span").value = v.span || ""; q(fs, ".t-units").value = v.units || "";
      q(fs, ".t-unit").value = v.unit || ""; q(fs, ".t-coop").value = v.coop || ""; q(fs, ".t-report").value = v.report || "";
      q(fs, ".t-due").value = v.due || ""; q(fs, ".t-due-text").value = v.dueText || ""; q(fs, ".t-rec").value = v.rec || "";
    }
    return fs;
  }
  function renumber() {
    var all = tasksBox.querySelectorAll("fieldset.task-edit");
    all.forEach(function (fs, k) { q(fs, ".task-no").textContent = (k + 1) + "/" + all.length; });
    var c = document.getElementById("task-count"); if (c) c.textContent = "(" + all.length + ")";
    var cc = document.getElementById("confirm-count"); if (cc) cc.textContent = all.length;
  }
  function union(a, b) {
    var out = [];
    (a + "\n" + b).split("\n").forEach(function (x) { x = x.trim(); if (x && out.indexOf(x) < 0) out.push(x); });
    return out.join("\n");
  }
  function focusTask(fs) {
    tasksBox.querySelectorAll("fieldset.focused").forEach(function (f) { f.classList.remove("focused"); });
    fs.classList.add("focused");
  }

  tasksBox.addEventListener("click", function (e) {
    var btn = e.target.closest("button"); if (!btn) return;
    var fs = btn.closest("fieldset.task-edit"); if (!fs) return;
    var v = read(fs);
    if (btn.classList.contains("act-evidence")) {
      var sp = spanOf(v.span);
      focusTask(fs);
      if (sp) highlight(sp[0], sp[1]); else alert("Nhiệm vụ này chưa gắn với đoạn nào của văn bản.");
    } else if (btn.classList.contains("act-delete")) {
      var next = fs.nextElementSibling || fs.previousElementSibling;
      fs.remove(); renumber();
      if (next) q(next, ".t-text").focus(); else document.getElementById("add-task").focus();
    } else if (btn.classList.contains("act-split")) {
      var ta = q(fs, ".t-text"), pos = ta.selectionStart;
      if (!pos || pos >= ta.value.length) {
        alert("Đặt con trỏ vào vị trí cần tách trong ô nội dung của nhiệm vụ, rồi bấm «Tách».");
        ta.focus(); return;
      }
      var first = ta.value.slice(0, pos).trim(), second = ta.value.slice(pos).trim();
      var sp2 = spanOf(v.span), spanA = v.span, spanB = v.span;
      if (sp2 && docText.slice(sp2[0], sp2[1]) === ta.value) {
        spanA = sp2[0] + "," + (sp2[0] + pos); spanB = (sp2[0] + pos) + "," + sp2[1];
      }
      ta.value = first; q(fs, ".t-span").value = spanA;
      var nv = Object.assign({}, v, {text: second, span: spanB});
      var created = make(nv);
      fs.after(created); renumber(); q(created, ".t-text").focus();
    } else if (btn.classList.contains("act-merge")) {
      var nx = fs.nextElementSibling;
      if (!nx) { alert("Không có nhiệm vụ phía sau để gộp."); return; }
      var w = read(nx), a = spanOf(v.span), b = spanOf(w.span);
      q(fs, ".t-text").value = (v.text.trim() + " " + w.text.trim()).trim();
      if (a && b) q(fs, ".t-span").value = Math.min(a[0], b[0]) + "," + Math.max(a[1], b[1]);
      else q(fs, ".t-span").value = v.span || w.span;
      q(fs, ".t-units").value = union(v.units, w.units);
      q(fs, ".t-coop").value = union(v.coop, w.coop);
      if (!v.unit) q(fs, ".t-unit").value = w.unit;
      if (!v.due) { q(fs, ".t-due").value = w.due; q(fs, ".t-due-text").value = w.dueText; }
      if (!v.rec) q(fs, ".t-rec").value = w.rec;
      if (!v.report) q(fs, ".t-report").value = w.report;
      nx.remove(); renumber(); q(fs, ".t-text").focus();
    }
  });
  tasksBox.addEventListener("focusin", function (e) {
    var fs = e.target.closest("fieldset.task-edit");
    if (!fs || fs.classList.contains("focused")) return;
    focusTask(fs);
    var sp = spanOf(q(fs, ".t-span").value);
    if (sp) highlight(sp[0], sp[1]);
  });
  if (doc) doc.addEventListener("click", function (e) {
    var m = e.target.closest && e.target.closest("mark.ev[data-key]");
    if (!m) return;
    var k = m.getAttribute("data-key").replace("task-", "");
    var fs = tasksBox.querySelector('fieldset[data-index="' + k + '"]');
    if (fs) { fs.scrollIntoView({block: "center", behavior: "smooth"}); focusTask(fs); }
  });
  var add = document.getElementById("add-task");
  if (add) add.addEventListener("click", function () {
    var fs = make(null); tasksBox.appendChild(fs); renumber(); q(fs, ".t-text").focus();
  });
  document.querySelectorAll("select.map-select").forEach(function (sel) {
    sel.addEventListener("change", function () {
      var name = sel.parentNode.querySelector(".map-name").value;
      tasksBox.querySelectorAll("fieldset.task-edit").forEach(function (fs) {
        var first = (q(fs, ".t-units").value.split("\n")[0] || "").trim();
        if (first === name) q(fs, ".t-unit").value = sel.value;
      });
    });
  });
  renumber();
})();
