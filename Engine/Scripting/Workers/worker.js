// ApiStudio's Node.js worker: runs event scripts for the host, one at a time, over a line-delimited JSON protocol.
// Host -> worker on stdin: init, run, check, api_result. Worker -> host on stdout: done, error, checked, api, log,
// missing. Each message is one line of JSON; the worker starts each with a newline too, so whatever a script writes
// to the real stdout without a newline cannot join a message. The script's console and process.stdout are captured as
// log lines; process.stdin is empty for scripts.
'use strict';

const vm = require('vm');
const util = require('util');
const path = require('path');
const { Readable, Writable } = require('stream');
const { createRequire } = require('module');
const { STATUS_CODES } = require('http');

const input = process.stdin;
const output = process.stdout;
const rawWrite = output.write.bind(output);

function send(message) {
  rawWrite('\n' + JSON.stringify(message) + '\n');
}

// What a script writes goes to the run's log, never into the protocol.
const MaxLogLines = 1000;
const MaxLogLine = 16384;
let current = null;

function log(text) {
  if (!current) return;
  for (const line of String(text).split('\n')) {
    if (current.logged >= MaxLogLines) return;
    current.logged++;
    send({ t: 'log', id: current.id, line: line.length > MaxLogLine ? line.slice(0, MaxLogLine) : line });
  }
}

let pendingText = '';
const captured = new Writable({
  write(chunk, encoding, done) {
    pendingText += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    const end = pendingText.lastIndexOf('\n');
    if (end >= 0) {
      log(pendingText.slice(0, end));
      pendingText = pendingText.slice(end + 1);
    }
    done();
  },
});
function flushCaptured() {
  if (pendingText) {
    log(pendingText);
    pendingText = '';
  }
}
const writeLog = (...args) => log(util.format(...args));
// Set again before each run: a script that replaced them does not take the next run's log away.
function captureConsole() {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[method] = writeLog;
}
captureConsole();
Object.defineProperty(process, 'stdout', { value: captured, configurable: true, writable: true });
Object.defineProperty(process, 'stderr', { value: captured, configurable: true, writable: true });
Object.defineProperty(process, 'stdin', {
  value: new Readable({ read() { this.push(null); } }),
  configurable: true,
  writable: true,
});

// The exception classes, defined from the host's list at init.
class ScriptException extends Error {
  constructor(message, code, context, status) {
    super(message === undefined || message === null ? '' : String(message));
    this.status_code = status;
    this.code = code === undefined || code === null ? status : code;
    if (context !== undefined) this.context = context;
  }
}

function defineExceptions(kinds) {
  for (const kind of kinds) {
    const cls = class extends ScriptException {
      constructor(message, code, context) {
        super(message, code === undefined || code === null ? (kind.code ?? kind.status) : code, context, kind.status);
        this.name = kind.name;
      }
    };
    Object.defineProperty(cls, 'name', { value: kind.name });
    globalThis[kind.name] = cls;
  }
  globalThis.RestException = class RestException extends ScriptException {
    constructor(status, message, code, context) {
      super(message, code, context, Number(status));
      this.name = 'RestException';
    }
  };
}

const exceptionNames = [];
let scriptRequire = require;
const Identifier = /^[A-Za-z_$][\w$]*$/;
const Reserved = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
  'function if import in instanceof let new null return super switch this throw true try typeof var void while with yield await ' +
  'event platform require arguments eval').split(' '));

function variableNames(vars) {
  return Object.keys(vars || {}).filter((name) => Identifier.test(name) && !Reserved.has(name));
}

// The script is the body of an async function on lines of its own: lineOffset -1 keeps its line numbers.
function wrap(content, names) {
  return '(async function (event, platform, require' + names.map((n) => ', ' + n).join('') + ') {\n' + content + '\n})';
}

const prepared = new Map();

function compile(name, content, names) {
  const script = new vm.Script(wrap(content, names), { filename: name, lineOffset: -1 });
  return script.runInThisContext();
}

function syntaxError(error, name) {
  const stack = String(error && error.stack || '');
  const lines = stack.split('\n');
  let line = 1;
  let column = 1;
  const head = /:(\d+)$/.exec(lines[0] || '');
  if (head && lines[0].startsWith(name)) {
    line = Math.max(1, Number(head[1]));
    const caret = (lines[2] || '').indexOf('^');
    if (caret >= 0) column = caret + 1;
  }
  return { message: error && error.message ? String(error.message) : String(error), line, column };
}

function describe(error, name) {
  if (error instanceof ScriptException) {
    let context = error.context;
    try { context = context === undefined ? null : JSON.parse(JSON.stringify(context)); } catch { context = null; }
    return {
      name: error.name,
      status: Number.isInteger(error.status_code) ? error.status_code : 500,
      code: Number.isInteger(error.code) ? error.code : null,
      message: error.message,
      context,
    };
  }
  if (error instanceof Error) {
    let message = error.name && error.name !== 'Error' ? error.name + ': ' + error.message : error.message;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const at = new RegExp(escaped + ':(\\d+):\\d+').exec(String(error.stack || ''));
    if (at) message += ' (line ' + at[1] + ')';
    return { name: error.name, message };
  }
  if (error && typeof error === 'object' && error.status_code) {
    return { name: 'Error', status: Number(error.status_code), message: String(error.message ?? '') };
  }
  return { name: 'Error', message: String(error) };
}

// platform.api: every call goes to the host over the pipe; promise style and DreamFactory's callback style.
let nextCall = 1;
const calls = new Map();

function makeApi(run) {
  const call = (method) => (url, ...rest) => {
    const callbackAt = rest.findIndex((a) => typeof a === 'function');
    const callback = callbackAt >= 0 ? rest[callbackAt] : null;
    const args = callbackAt >= 0 ? rest.slice(0, callbackAt) : rest;
    let payload = args[0];
    let options = args[1];
    if (payload === '' || payload === undefined) payload = null;
    if (options === '' || options === undefined || typeof options !== 'object') options = null;
    const id = nextCall++;
    run.pending++;
    const promise = new Promise((resolve, reject) => calls.set(id, { resolve, reject, run }));
    send({ t: 'api', id: run.id, call: id, method, path: String(url), payload, options });
    const settle = () => {
      run.pending--;
      if (run.pending === 0 && run.idle) run.idle();
    };
    if (!callback) {
      return promise.finally(settle);
    }
    return promise.then(
      (response) => {
        try {
          callback(JSON.stringify(response.content ?? null), { statusCode: response.status_code, statusMessage: STATUS_CODES[response.status_code] || '', headers: response.headers || {} });
        } catch (error) {
          run.fail(error);
        }
        settle();
        return response;
      },
      (error) => {
        try {
          const status = error && error.status_code || 500;
          callback(JSON.stringify({ error: { code: error && error.code, message: error && error.message } }), { statusCode: status, statusMessage: STATUS_CODES[status] || '', headers: {} });
        } catch (thrown) {
          run.fail(thrown);
        }
        settle();
        return null;
      });
  };
  return { get: call('get'), post: call('post'), put: call('put'), patch: call('patch'), delete: call('delete') };
}

function makeEvent(event) {
  Object.defineProperty(event, 'setRequest', {
    value(request) { event.request = request; },
    enumerable: false,
  });
  Object.defineProperty(event, 'setResponse', {
    value(content, statusCode, contentType) {
      const response = event.response && typeof event.response === 'object' ? event.response : {};
      response.content = content;
      if (statusCode !== undefined && statusCode !== null) response.status_code = statusCode;
      if (contentType !== undefined && contentType !== null) response.content_type = contentType;
      event.response = response;
    },
    enumerable: false,
  });
  return event;
}

async function run(message) {
  const names = variableNames(message.vars);
  const key = message.key + '\0' + names.join(',');
  let fn = prepared.get(key);
  if (!fn) {
    if (typeof message.code !== 'string') {
      send({ t: 'missing', id: message.id });
      return;
    }
    try {
      fn = compile(message.name, message.code, names);
    } catch (error) {
      const where = syntaxError(error, message.name);
      send({ t: 'error', id: message.id, error: { name: 'SyntaxError', compile: true, message: where.message + ' (line ' + where.line + ', column ' + where.column + ')' } });
      return;
    }
    prepared.set(key, fn);
  }

  captureConsole();
  const state = { id: message.id, pending: 0, logged: 0, idle: null, failed: null, fail: null };
  current = state;
  const event = makeEvent(message.event && typeof message.event === 'object' ? message.event : {});
  const platform = Object.assign({}, message.platform || {});
  platform.api = makeApi(state);
  let failure = null;
  state.fail = (error) => { if (!failure) failure = { error }; if (state.idle) state.idle(); };
  let result;
  try {
    result = await fn(event, platform, scriptRequire, ...names.map((n) => message.vars[n]));
    if (state.pending > 0 && !failure) {
      await new Promise((resolve) => { state.idle = resolve; });
    }
  } catch (error) {
    if (!failure) failure = { error };
  }
  flushCaptured();
  current = null;
  if (failure) {
    send({ t: 'error', id: message.id, error: describe(failure.error, message.name) });
    return;
  }
  let text;
  try {
    text = JSON.stringify({ t: 'done', id: message.id, event, result: result === undefined ? null : result });
  } catch (error) {
    send({ t: 'error', id: message.id, error: { name: 'TypeError', message: 'The event or the result cannot be written as JSON: ' + error.message } });
    return;
  }
  rawWrite('\n' + text + '\n');
}

function check(message) {
  try {
    new vm.Script(wrap(message.code, []), { filename: 'check', lineOffset: -1 });
    send({ t: 'checked', id: message.id, error: null });
  } catch (error) {
    send({ t: 'checked', id: message.id, error: syntaxError(error, 'check') });
  }
}

// An error nobody awaited (a rejected promise, a throw in a timer) fails the run in flight, not the worker.
process.on('unhandledRejection', (error) => { if (current && current.fail) current.fail(error); });
process.on('uncaughtException', (error) => { if (current && current.fail) current.fail(error); });

let queue = Promise.resolve();
const lines = require('readline').createInterface({ input, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (!line) return;
  const message = JSON.parse(line);
  switch (message.t) {
    case 'init':
      defineExceptions(message.exceptions || []);
      if (message.modules) scriptRequire = createRequire(path.join(message.modules, 'index.js'));
      else scriptRequire = createRequire(path.join(process.cwd(), 'index.js'));
      send({ t: 'ready' });
      break;
    case 'api_result': {
      const call = calls.get(message.call);
      if (!call) break;
      calls.delete(message.call);
      if (message.ok) {
        call.resolve(message.value);
      } else {
        const error = new globalThis.RestException(message.status || 500, message.message || 'The call failed.', message.code);
        call.reject(error);
      }
      break;
    }
    case 'run':
      for (const key of message.drop || []) {
        for (const held of prepared.keys()) if (held === key || held.startsWith(key + '\0')) prepared.delete(held);
      }
      queue = queue.then(() => run(message));
      break;
    case 'check':
      check(message);
      break;
    default:
      break;
  }
});
lines.on('close', () => process.exit(0));
