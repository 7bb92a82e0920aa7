// The studio's few browser-side helpers: editor keyboard shortcuts and file download.
window.apiStudio = {
  // Sends the editor's shortcuts to .NET: ctrl/cmd + s, z, y, shift+z, f, c, v and Delete. Typing in a field or in the
  // code view keeps its own undo, copy and paste; ctrl+s and ctrl+f always belong to the editor.
  shortcuts: function (target) {
    const handler = function (e) {
      const mod = e.ctrlKey || e.metaKey;
      const el = document.activeElement;
      const typing = el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable || el.closest('.monaco-editor'));
      let key = null;
      if (mod && (e.key === 's' || e.key === 'S')) key = 'save';
      else if (mod && (e.key === 'f' || e.key === 'F')) key = 'find';
      else if (!typing && mod && !e.shiftKey && (e.key === 'z' || e.key === 'Z')) key = 'undo';
      else if (!typing && mod && (e.key === 'y' || e.key === 'Y' || (e.shiftKey && (e.key === 'z' || e.key === 'Z')))) key = 'redo';
      else if (!typing && mod && (e.key === 'c' || e.key === 'C')) key = 'copy';
      else if (!typing && mod && (e.key === 'v' || e.key === 'V')) key = 'paste';
      else if (!typing && e.key === 'Delete') key = 'delete';
      if (key) {
        e.preventDefault();
        target.invokeMethodAsync('Shortcut', key);
      }
    };
    document.addEventListener('keydown', handler);
    return { dispose: function () { document.removeEventListener('keydown', handler); } };
  },
  unbind: function (handle) { if (handle) handle.dispose(); },
  focus: function (selector) { const el = document.querySelector(selector); if (el) el.focus(); },
  download: function (name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const a = document.createElement('a');
    a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
};
