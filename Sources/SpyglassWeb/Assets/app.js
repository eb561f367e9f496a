// Spyglass dashboard: live changes on the overview. No framework, no build step.
// Everything from the server is put in the page with textContent, never parsed as HTML.
(function () {
  "use strict";

  function text(tag, className, value) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (value !== undefined && value !== null) { node.textContent = String(value); }
    return node;
  }

  // Links only to this site's own paths: a value from the stream never becomes a javascript: URL.
  function localPath(value) {
    var path = String(value || "");
    return path.charAt(0) === "/" && path.charAt(1) !== "/" && path.charAt(1) !== "\\" ? path : "#";
  }

  function word(value) {
    return String(value || "").replace(/[^a-z0-9_-]/gi, "");
  }

  function feedItem(item) {
    var level = word(item.level);
    var li = text("li", "feed-item is-new level-" + level);
    li.id = "change-" + word(item.id);
    li.setAttribute("data-change-id", word(item.id));

    var main = text("div", "feed-main");
    var link = text("a", "feed-link", item.summary);
    link.href = localPath(item.href);
    main.appendChild(link);
    var meta = text("p", "feed-meta");
    var competitor = text("a", "feed-competitor", item.competitor);
    competitor.href = localPath(item.competitor_href);
    meta.appendChild(competitor);
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(text("span", "feed-page", item.page));
    main.appendChild(meta);
    li.appendChild(main);

    var side = text("div", "feed-side");
    side.appendChild(text("span", "badge category category-" + word(item.category), item.category));
    var significance = text("span", "badge significance level-" + level, item.significance);
    significance.title = "Significance " + Number(item.significance) + " of 100";
    side.appendChild(significance);
    var time = text("time", "feed-time", item.detected_text);
    time.setAttribute("datetime", String(item.detected_at || ""));
    side.appendChild(time);
    li.appendChild(side);
    return li;
  }

  function startLiveFeed() {
    var feed = document.getElementById("feed");
    if (!feed || !window.EventSource) { return; }
    var url = feed.getAttribute("data-live-url");
    if (!url || url.charAt(0) !== "/") { return; }
    var status = document.getElementById("live-status");
    function show(message, state) {
      if (!status) { return; }
      status.hidden = false;
      status.textContent = message;
      status.setAttribute("data-state", state);
    }
    var source = new EventSource(url);
    source.addEventListener("open", function () { show("Live: new changes appear here as they are found.", "live"); });
    source.addEventListener("error", function () { show("Reconnecting…", "reconnecting"); });
    source.addEventListener("change.detected", function (event) {
      var item;
      try { item = JSON.parse(event.data); } catch (error) { return; }
      if (!item || document.getElementById("change-" + word(item.id))) { return; }
      feed.insertBefore(feedItem(item), feed.firstChild);
      var empty = document.getElementById("feed-empty");
      if (empty) { empty.remove(); }
    });
  }

  // Move focus to a form's error summary or a preview, so keyboard and screen-reader users land on it.
  function focusResult() {
    var target = document.getElementById("form-errors") || document.getElementById("preview-result");
    if (target) { target.focus(); }
  }

  // Destructive buttons ask first.
  function confirmDangerous() {
    document.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (button && button.classList.contains("button-danger") && !window.confirm("Are you sure? This cannot be undone.")) {
        event.preventDefault();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startLiveFeed();
    focusResult();
    confirmDangerous();
  });
})();
