# ApiStudio's Python worker: runs event scripts for the host, one at a time, over a line-delimited JSON protocol.
# Host -> worker: init, run, check, api_result. Worker -> host: done, error, checked, api, log, missing. The protocol
# keeps copies of the original stdin and stdout; file descriptor 0 becomes /dev/null and 1 goes to stderr, so a script
# that reads stdin gets end of file and one that writes to the real stdout cannot break a message. print() and
# sys.stdout are captured as log lines.
import ast
import builtins
import json
import os
import sys
import traceback
import types

_proto_in = os.fdopen(os.dup(0), 'rb')
_proto_out = os.dup(1)
_null = os.open(os.devnull, os.O_RDONLY)
os.dup2(_null, 0)
os.close(_null)
os.dup2(2, 1)
sys.stdin = open(os.devnull, 'r')


def _send(message):
    data = ('\n' + json.dumps(message, separators=(',', ':')) + '\n').encode('utf-8')
    view = memoryview(data)
    while view:
        written = os.write(_proto_out, view)
        view = view[written:]


def _receive():
    while True:
        line = _proto_in.readline()
        if not line:
            os._exit(0)
        line = line.strip()
        if line:
            return json.loads(line, object_hook=Obj)


class Obj(dict):
    """A dict whose keys are attributes too: event.request.payload and event['request']['payload']."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value

    def __delattr__(self, name):
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None


def _wrap(value):
    """Dicts given by a script read by attribute too, like those the script was given."""
    if isinstance(value, dict) and not isinstance(value, Obj):
        return Obj((k, _wrap(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class Event(Obj):
    def setRequest(self, request):
        self['request'] = _wrap(request)

    def setResponse(self, content, status_code=None, content_type=None):
        response = self.get('response')
        if not isinstance(response, dict):
            response = Obj()
        response['content'] = _wrap(content)
        if status_code is not None:
            response['status_code'] = status_code
        if content_type is not None:
            response['content_type'] = content_type
        self['response'] = response

    set_request = setRequest
    set_response = setResponse


MAX_LOG_LINES = 1000
MAX_LOG_LINE = 16384


class _Run:
    def __init__(self, run_id):
        self.id = run_id
        self.logged = 0
        self.text = ''


_current = None


def _log(text):
    run = _current
    if run is None:
        return
    for line in text.split('\n'):
        if run.logged >= MAX_LOG_LINES:
            return
        run.logged += 1
        _send({'t': 'log', 'id': run.id, 'line': line[:MAX_LOG_LINE]})


class _Captured:
    """sys.stdout and sys.stderr of a script: whole lines go to the run's log."""

    encoding = 'utf-8'
    errors = 'replace'

    def write(self, text):
        run = _current
        if run is None:
            return len(text)
        if not isinstance(text, str):
            text = str(text)
        run.text += text
        end = run.text.rfind('\n')
        if end >= 0:
            _log(run.text[:end])
            run.text = run.text[end + 1:]
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        return 1


def _flush_captured():
    run = _current
    if run is not None and run.text:
        _log(run.text)
        run.text = ''


_stdout = _Captured()
_stderr = _Captured()
sys.stdout = _stdout
sys.stderr = _stderr


class ScriptException(Exception):
    status_code = 500
    default_code = None

    def __init__(self, message='', code=None, context=None):
        super().__init__(message)
        self.message = '' if message is None else str(message)
        if code is None:
            code = self.default_code if self.default_code is not None else self.status_code
        self.code = code
        self.context = context


class RestException(ScriptException):
    def __init__(self, status, message='', code=None, context=None):
        self.status_code = status
        super().__init__(message, code, context)


_exceptions = {'RestException': RestException}


def _define_exceptions(kinds):
    for kind in kinds:
        cls = type(kind['name'], (ScriptException,), {'status_code': kind['status'], 'default_code': kind.get('code')})
        _exceptions[kind['name']] = cls


class _Api:
    """platform.api: each call is answered by the host over the pipe; the script waits for it."""

    def __init__(self, run_id):
        self._run = run_id
        self._next = 0

    def _call(self, method, path, payload=None, options=None):
        self._next += 1
        call = self._next
        if payload == '':
            payload = None
        if not isinstance(options, dict):
            options = None
        _send({'t': 'api', 'id': self._run, 'call': call, 'method': method, 'path': str(path),
               'payload': payload, 'options': options})
        while True:
            message = _receive()
            if message.get('t') == 'api_result' and message.get('call') == call:
                break
        if message.get('ok'):
            return message.get('value')
        raise RestException(message.get('status') or 500, message.get('message') or 'The call failed.', message.get('code'))

    def get(self, path, payload=None, options=None):
        return self._call('get', path, payload, options)

    def post(self, path, payload=None, options=None):
        return self._call('post', path, payload, options)

    def put(self, path, payload=None, options=None):
        return self._call('put', path, payload, options)

    def patch(self, path, payload=None, options=None):
        return self._call('patch', path, payload, options)

    def delete(self, path, payload=None, options=None):
        return self._call('delete', path, payload, options)


_prepared = {}
_TEMPLATE = 'def __script__():\n    pass\n'


def _compile(name, content):
    """The script as the body of a function, so that return works; the body keeps its own line numbers."""
    filename = '<' + name + '>'
    tree = ast.parse(content, filename)
    module = ast.parse(_TEMPLATE, filename)
    if tree.body:
        module.body[0].body = tree.body
    code = compile(module, filename, 'exec')
    for const in code.co_consts:
        if isinstance(const, types.CodeType) and const.co_name == '__script__':
            return const, filename
    raise RuntimeError('the script did not compile to a function')


def _syntax_error(error):
    line = error.lineno or 1
    column = error.offset or 1
    return {'message': error.msg or str(error), 'line': max(1, line), 'column': max(1, column)}


def _describe(error, filename):
    if isinstance(error, ScriptException):
        context = error.context
        try:
            context = json.loads(json.dumps(context, default=str))
        except (TypeError, ValueError):
            context = None
        status = error.status_code if isinstance(error.status_code, int) else 500
        code = error.code if isinstance(error.code, int) and not isinstance(error.code, bool) else None
        return {'name': type(error).__name__, 'status': status, 'code': code, 'message': error.message,
                'context': context}
    if isinstance(error, MemoryError):
        return {'name': 'MemoryError', 'memory': True, 'message': 'out of memory'}
    name = type(error).__name__
    text = str(error)
    message = text if type(error) is Exception else (name + ': ' + text if text else name)
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    if line is not None:
        message += ' (line ' + str(line) + ')'
    return {'name': name, 'message': message}


def _run(message):
    global _current
    for key in message.get('drop') or ():
        _prepared.pop(key, None)
    key = message['key']
    prepared = _prepared.get(key)
    if prepared is None:
        code = message.get('code')
        if not isinstance(code, str):
            _send({'t': 'missing', 'id': message['id']})
            return
        try:
            prepared = _compile(message['name'], code)
        except (SyntaxError, ValueError, RecursionError) as error:
            where = _syntax_error(error) if isinstance(error, SyntaxError) else {'message': str(error), 'line': 1, 'column': 1}
            _send({'t': 'error', 'id': message['id'], 'error': {
                'name': 'SyntaxError', 'compile': True,
                'message': '%s (line %d, column %d)' % (where['message'], where['line'], where['column'])}})
            return
        _prepared[key] = prepared
    code, filename = prepared

    run = _Run(message['id'])
    event = Event(message.get('event') or {})
    platform = Obj(message.get('platform') or {})
    platform['api'] = _Api(run.id)
    scope = {'__builtins__': builtins, '__name__': '__script__', 'event': event, 'platform': platform}
    scope.update(_exceptions)
    for name, value in (message.get('vars') or {}).items():
        if isinstance(name, str) and name.isidentifier():
            scope[name] = value
    _current = run
    sys.stdout = _stdout
    sys.stderr = _stderr
    try:
        result = types.FunctionType(code, scope)()
    except BaseException as error:  # noqa: B036 - SystemExit and the like end the run, not the worker
        _flush_captured()
        _current = None
        if isinstance(error, KeyboardInterrupt):
            raise
        _send({'t': 'error', 'id': run.id, 'error': _describe(error, filename)})
        return
    _flush_captured()
    _current = None
    try:
        text = json.dumps({'t': 'done', 'id': run.id, 'event': event, 'result': result},
                          separators=(',', ':'), allow_nan=False, default=_plain)
    except (TypeError, ValueError) as error:
        _send({'t': 'error', 'id': run.id, 'error': {
            'name': 'TypeError', 'message': 'The event or the result cannot be written as JSON: ' + str(error)}})
        return
    data = ('\n' + text + '\n').encode('utf-8')
    view = memoryview(data)
    while view:
        view = view[os.write(_proto_out, view):]


def _plain(value):
    if isinstance(value, (set, tuple, frozenset)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return str(value)


def _check(message):
    try:
        _compile('check', message['code'])
        _send({'t': 'checked', 'id': message['id'], 'error': None})
    except SyntaxError as error:
        _send({'t': 'checked', 'id': message['id'], 'error': _syntax_error(error)})
    except (ValueError, RecursionError, MemoryError) as error:
        _send({'t': 'checked', 'id': message['id'], 'error': {'message': str(error), 'line': 1, 'column': 1}})


def _main():
    while True:
        message = _receive()
        kind = message.get('t')
        if kind == 'run':
            _run(message)
        elif kind == 'check':
            _check(message)
        elif kind == 'init':
            _define_exceptions(message.get('exceptions') or [])
            memory = message.get('memory')
            if memory:
                try:
                    import resource
                    limit = int(memory) * 1024 * 1024
                    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
                except (ImportError, ValueError, OSError):
                    pass
            _send({'t': 'ready'})


_main()
