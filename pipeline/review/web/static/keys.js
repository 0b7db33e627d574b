/* pipeline review: keyboard shortcuts.
 *
 * Every key is declared in the page, on the button, link or field it works, with
 * aria-keyshortcuts (which screen readers announce); this file only routes a key press to
 * that element, so a key and what it does cannot drift apart. Without this file every
 * page still works by its plain links and forms.
 */
"use strict";
(function () {
  var busy = false;  // one key press, one action: keys wait until the next page shows

  function typing(el) {
    if (!el || !el.tagName) return false;
    var tag = el.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || el.isContentEditable) return true;
    return tag === "input" && !/^(checkbox|radio|button|submit|reset)$/i.test(el.type);
  }

  function declared(key) {
    var all = document.querySelectorAll("[aria-keyshortcuts]");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (el.disabled || el.closest("[hidden]")) continue;
      if (el.getAttribute("aria-keyshortcuts").split(/\s+/).indexOf(key) >= 0) return el;
    }
    return null;
  }

  function activate(el) {
    var tag = el.tagName.toLowerCase();
    if (tag === "summary") {  // a <details> form: open it at its first field
      el.parentElement.open = true;
      var field = el.parentElement.querySelector("input:not([type=hidden]), select, textarea");
      if (field) field.focus();
      return;
    }
    if (typing(el)) {
      el.focus();
      return;
    }
    busy = true;
    window.setTimeout(function () { busy = false; }, 5000);  // a click that did not leave the page
    el.click();
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (typing(ev.target)) {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    var key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    var el = declared(key);
    if (!el) return;
    ev.preventDefault();
    if (!busy) activate(el);
  });

  window.addEventListener("pageshow", function () { busy = false; });  // back from the history
})();
