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
  // The JavaScript of event scripts runs on the server, not in a page: the editor knows their globals (event,
  // platform, the exception classes) and no browser ones (whose deprecated window.event would be struck through).
  scriptGlobals: function () {
    const ts = window.monaco && monaco.languages && monaco.languages.typescript;
    if (!ts || window.apiStudio._scriptGlobals) return;
    window.apiStudio._scriptGlobals = true;
    ts.javascriptDefaults.setCompilerOptions({ target: ts.ScriptTarget.ES2020, lib: ['es2020'], allowNonTsExtensions: true, allowJs: true });
    const errors = ['BadRequestException', 'InvalidJsonException', 'UnauthorizedException', 'ForbiddenException', 'NotFoundException',
      'ConflictResourceException', 'TooManyRequestsException', 'InternalServerErrorException', 'NotImplementedException',
      'ServiceUnavailableException'];
    ts.javascriptDefaults.addExtraLib([
      'declare var event: { request: any; response: any; resource: any; setRequest(request: any): void;',
      '  setResponse(content: any, status_code?: number, content_type?: string): void };',
      'declare var platform: { api: { get(path: string, payload?: any, options?: any, callback?: Function): any;',
      '  post(path: string, payload?: any, options?: any, callback?: Function): any; put(path: string, payload?: any, options?: any, callback?: Function): any;',
      '  patch(path: string, payload?: any, options?: any, callback?: Function): any; delete(path: string, payload?: any, options?: any, callback?: Function): any };',
      '  config: any; session: any };',
      'declare var console: { log(...values: any[]): void };',
      'declare class RestException extends Error { constructor(status: number, message?: string, code?: number); }',
      'declare class BatchException extends Error { constructor(message?: string, code?: number, context?: any); }'
    ].concat(errors.map(function (name) { return 'declare class ' + name + ' extends Error { constructor(message?: string, code?: number); }'; }))
      .join('\n'), 'ts:apistudio-event-scripts.d.ts');
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
