// The "Try it" forms of the /api page: build the URL from the form, fetch it,
// and show the status and the pretty-printed JSON. Plain JavaScript, no build.
(function () {
  "use strict";

  function buildUrl(form) {
    var path = form.getAttribute("data-path");
    var query = [];
    var fields = form.querySelectorAll("[data-in]");
    for (var i = 0; i < fields.length; i++) {
      var el = fields[i];
      var value = el.value.trim();
      var where = el.getAttribute("data-in");
      if (where === "path") {
        path = path.replace("{" + el.name + "}", encodeURIComponent(value));
      } else if (value !== "") {
        query.push(encodeURIComponent(el.name) + "=" + encodeURIComponent(value));
      }
    }
    return path + (query.length ? "?" + query.join("&") : "");
  }

  function show(form, status, url, text) {
    var box = form.querySelector(".response");
    box.hidden = false;
    box.querySelector(".status").textContent = status;
    var link = box.querySelector(".request-url");
    link.textContent = url;
    link.href = url;
    box.querySelector("pre code").textContent = text;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("try-it")) return;
    event.preventDefault();
    var url = buildUrl(form);
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(url, { method: form.getAttribute("data-method") || "GET", headers: { Accept: "application/json" } })
      .then(function (res) {
        return res.text().then(function (body) {
          var text = body;
          try { text = JSON.stringify(JSON.parse(body), null, 2); } catch (e) { /* not JSON: show as is */ }
          show(form, res.status + " " + res.statusText, url, text);
        });
      })
      .catch(function (err) { show(form, "—", url, String(err)); })
      .then(function () { button.disabled = false; });
  });
})();
