// Stockflow console: the little htmx leaves to the page. Forms show refusals beside their fields (the
// server sends them out of band); this clears old ones, marks invalid fields for screen readers, moves
// focus to a panel htmx just filled, and sends an expired session back to sign-in.
(function () {
  'use strict';
  document.addEventListener('htmx:beforeRequest', function (event) {
    var form = event.detail.elt;
    if (form.tagName !== 'FORM') { return; }
    form.querySelectorAll('.field-error').forEach(function (p) { p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (f) { f.removeAttribute('aria-invalid'); });
    var slot = document.getElementById(form.id + '-problem');
    if (slot) { slot.innerHTML = ''; }
  });
  function markInvalid() {
    document.querySelectorAll('.field-error').forEach(function (p) {
      var field = document.querySelector('[aria-describedby~="' + p.id + '"]');
      if (field) {
        if (p.textContent.trim()) { field.setAttribute('aria-invalid', 'true'); } else { field.removeAttribute('aria-invalid'); }
      }
    });
  }
  document.addEventListener('htmx:oobAfterSwap', markInvalid);
  document.addEventListener('htmx:afterSettle', function (event) {
    markInvalid();
    var target = event.detail.target;
    if (target && target.id === 'count') {
      var first = target.querySelector('input:not([type=hidden])');
      if (first) { first.focus(); }
    }
  });
  document.addEventListener('htmx:beforeSwap', function (event) {
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (url && url.indexOf('/console/login') !== -1) {
      event.detail.shouldSwap = false;
      window.location.assign('/console/login');
    }
  });
}());
