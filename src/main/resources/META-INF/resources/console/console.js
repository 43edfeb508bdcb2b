// The console's only hand-written script: what htmx does not do itself. Upload progress (htmx reports the
// request's upload events; this draws them), cancelling an upload, a warning when an upload makes no progress
// for a minute, closing a restore's confirmation, and the copy button of a new API key. Everything else is server-rendered HTML swapped by htmx.
(function () {
  'use strict';

  var STALL_MS = 60000;
  var stallTimer = null;
  var cancelled = false;

  function uploadForm(event) {
    var form = event.target;
    return form && form.id === 'upload' ? form : null;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function watchForStall() {
    clearTimeout(stallTimer);
    byId('upload-stalled').hidden = true;
    stallTimer = setTimeout(function () { byId('upload-stalled').hidden = false; }, STALL_MS);
  }

  function showProgress(percent) {
    byId('upload-progress').value = percent;
    byId('upload-percent').textContent = percent + ' %';
  }

  document.addEventListener('htmx:xhr:loadstart', function (event) {
    if (!uploadForm(event)) return;
    cancelled = false;
    showProgress(0);
    byId('upload-status').hidden = false;
    byId('upload-cancel').hidden = false;
    byId('upload-submit').disabled = true;
    watchForStall();
  });

  document.addEventListener('htmx:xhr:progress', function (event) {
    if (!uploadForm(event) || !event.detail.lengthComputable || event.detail.total === 0) return;
    showProgress(Math.floor(event.detail.loaded * 100 / event.detail.total));
    watchForStall();
  });

  document.addEventListener('htmx:afterRequest', function (event) {
    var form = uploadForm(event);
    if (!form) return;
    clearTimeout(stallTimer);
    byId('upload-stalled').hidden = true;
    byId('upload-cancel').hidden = true;
    byId('upload-submit').disabled = false;
    if (event.detail.successful) {
      form.reset();
    } else if (cancelled) {
      byId('upload-percent').textContent = 'Cancelled';
    } else {
      byId('upload-status').hidden = true;
    }
  });

  document.addEventListener('click', function (event) {
    var cancel = event.target.closest('#upload-cancel');
    if (cancel) {
      cancelled = true;
      htmx.trigger(byId('upload'), 'htmx:abort');
      return;
    }
    var cancelRestore = event.target.closest('[data-action=cancel-restore]');
    if (cancelRestore) {
      byId('restore-confirm').replaceChildren();
      return;
    }
    var copy = event.target.closest('[data-copy]');
    if (copy) {
      var field = byId(copy.getAttribute('data-copy'));
      var copied = function () { copy.textContent = 'Copied'; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(copied);
      } else {
        field.select();
        if (document.execCommand('copy')) copied();
      }
    }
  });
})();
