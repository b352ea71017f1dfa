// The visitor's phone page: follows one ticket by server-sent events from the hall server
// (no internet, no app, no account). The ticket's code is in the address (/t/<code>).
(function () {
  "use strict";
  var page = document.getElementById("page");
  var code = decodeURIComponent(location.pathname.replace(/^\/t\//, ""));
  var api = "/api/t/" + encodeURIComponent(code);
  var lastState = null;
  var audio = null;

  function text(id, value) {
    var node = document.getElementById(id);
    if (node) node.textContent = value == null ? "" : String(value);
  }

  function alertVisitor() {
    if (navigator.vibrate) {
      try { navigator.vibrate([400, 200, 400, 200, 600]); } catch (e) { /* not allowed */ }
    }
    if (audio) {
      try {
        var now = audio.currentTime;
        [0, 0.45, 0.9].forEach(function (at) {
          var osc = audio.createOscillator();
          var gain = audio.createGain();
          osc.frequency.value = 880;
          gain.gain.setValueAtTime(0.4, now + at);
          gain.gain.exponentialRampToValueAtTime(0.01, now + at + 0.35);
          osc.connect(gain);
          gain.connect(audio.destination);
          osc.start(now + at);
          osc.stop(now + at + 0.4);
        });
      } catch (e) { /* no sound here */ }
    }
  }

  function show(status) {
    text("hall", status.hall || "排队进度");
    text("number", status.number);
    text("service", status.service);
    text("ahead", status.ahead);
    text("wait", status.ahead === 0 ? "马上就到您" : status.wait_text);
    text("sent", status.sent_to ? "您的号已转到 " + status.sent_to + " 号窗口" : "");
    text("called-window", status.window);
    text("called-name", status.window_name);
    text("serving-window", status.window);
    text("held-window", status.window);
    var rating = document.getElementById("rating");
    if (status.rating_url) {
      document.getElementById("rating-link").href = status.rating_url;
      rating.hidden = false;
    } else {
      rating.hidden = true;
    }
    var state = status.state;
    if (state === "called" && lastState !== "called") {
      window.__calledAt = Date.now();  // when the page showed the call (tests measure it)
      document.title = "请到 " + status.window + " 号窗口";
      alertVisitor();
    } else if (state !== "called") {
      document.title = status.number ? status.number + " 排队进度" : "排队进度";
    }
    lastState = state;
    page.setAttribute("data-state", state);
    text("link", "更新于 " + new Date().toTimeString().slice(0, 8));
  }

  function expired(message) {
    page.setAttribute("data-state", "expired");
    if (message) text("link", message);
  }

  function poll() {  // for a browser without EventSource
    fetch(api, { cache: "no-store" }).then(function (r) {
      if (r.status === 404 || r.status === 410) { expired(); return null; }
      return r.json();
    }).then(function (status) {
      if (status) { show(status); setTimeout(poll, 10000); }
    }).catch(function () { setTimeout(poll, 10000); });
  }

  function follow() {
    var source = new EventSource(api + "/events");
    source.addEventListener("status", function (e) { show(JSON.parse(e.data)); });
    source.addEventListener("expired", function () { source.close(); expired(); });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        fetch(api, { cache: "no-store" }).then(function (r) {
          if (r.status === 404 || r.status === 410) expired();
          else setTimeout(follow, 3000);
        }).catch(function () { setTimeout(follow, 3000); });
      } else {
        text("link", "连接中断，正在重新连接…");
      }
    };
  }

  document.getElementById("sound-on").addEventListener("click", function () {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) {
      audio = new Context();
      audio.resume();
    }
    page.classList.add("sound-on");
    alertVisitor();
  });

  if (window.EventSource) follow(); else poll();
})();
