using System.Globalization;

namespace ApiStudio.Processors.Math;

/// <summary>
/// Parses formula text into postfix code, by recursive descent with a bounded depth. Grammar, loosest first:
/// <code>
/// sum     = product (("+" | "-") product)*
/// product = unary (("*" | "/" | "%") unary)*
/// unary   = ("-" | "+") unary | power
/// power   = primary ("^" unary)?          right-associative; binds tighter than unary minus: -2^2 = -4
/// primary = number | name | name "(" sum ("," sum)* ")" | "(" sum ")"
/// </code>
/// Positions in messages are 1-based character positions.
/// </summary>
public sealed class ExpressionParser
{
    /// <summary>Deepest nesting of parentheses, function calls, signs and powers.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly List<Instruction> _code = [];
    private int _at;
    private int _depth;
    private int _stack;
    private int _maxStack;

    private ExpressionParser(string text) => _text = text;

    /// <summary>Parses a formula (use <see cref="Expression.Compile"/> to share compiled formulas).</summary>
    /// <exception cref="ExpressionException">The formula is empty, too long, too deep or malformed.</exception>
    public static Expression Parse(string formula)
    {
        if (formula.Length > Expression.MaxLength)
        {
            throw new ExpressionException($"The formula is longer than {Expression.MaxLength} characters.", 0);
        }
        var parser = new ExpressionParser(formula);
        parser.SkipSpaces();
        if (parser._at == formula.Length)
        {
            throw new ExpressionException("The formula is empty.", 0);
        }
        parser.Sum();
        if (parser._at < formula.Length)
        {
            throw parser.Unexpected(formula[parser._at] == ')' ? "" : ": expected an operator");
        }
        return new Expression(formula, parser._code.ToArray(), parser._maxStack);
    }

    private void Sum()
    {
        Product();
        while (Peek() is '+' or '-')
        {
            var op = Take();
            Product();
            Emit(new Instruction(_text[op] == '+' ? OpCode.Add : OpCode.Subtract, op + 1), -1);
        }
    }

    private void Product()
    {
        Unary();
        while (Peek() is '*' or '/' or '%')
        {
            var op = Take();
            Unary();
            var code = _text[op] switch { '*' => OpCode.Multiply, '/' => OpCode.Divide, _ => OpCode.Modulo };
            Emit(new Instruction(code, op + 1), -1);
        }
    }

    private void Unary()
    {
        if (Peek() is not ('-' or '+'))
        {
            Power();
            return;
        }
        var sign = Take();
        Enter(sign);
        Unary();
        _depth--;
        if (_text[sign] == '-')
        {
            Emit(new Instruction(OpCode.Negate, sign + 1), 0);
        }
    }

    private void Power()
    {
        Primary();
        if (Peek() != '^')
        {
            return;
        }
        var op = Take();
        Enter(op);
        Unary();
        _depth--;
        Emit(new Instruction(OpCode.Power, op + 1), -1);
    }

    private void Primary()
    {
        var c = Peek();
        var start = _at;
        if (c == '(')
        {
            Take();
            Enter(start);
            Sum();
            _depth--;
            Close(start, "'('");
        }
        else if (char.IsAsciiDigit(c) || (c == '.' && _at + 1 < _text.Length && char.IsAsciiDigit(_text[_at + 1])))
        {
            Emit(new Instruction(OpCode.Constant, start + 1) { Constant = ReadNumber() }, 1);
        }
        else if (char.IsAsciiLetter(c) || c == '_')
        {
            var name = ReadName();
            if (Peek() == '(')
            {
                Call(name, start);
            }
            else
            {
                Emit(new Instruction(OpCode.Variable, start + 1) { Name = name }, 1);
            }
        }
        else
        {
            throw Unexpected(": expected a number, variable, function or '('");
        }
    }

    private void Call(string name, int start)
    {
        if (!Functions.TryFind(name, out var function, out var min, out var max))
        {
            throw new ExpressionException($"Unknown function '{name}' at position {start + 1}.", start + 1);
        }
        Take();
        Enter(start);
        var count = 0;
        if (Peek() != ')')
        {
            while (true)
            {
                Sum();
                count++;
                if (Peek() != ',')
                {
                    break;
                }
                Take();
            }
        }
        _depth--;
        Close(start, $"the call of {name}");
        if (count < min || count > max)
        {
            var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} or {max}";
            var plural = expected.EndsWith(" 1", StringComparison.Ordinal) || expected == "1" ? "" : "s";
            throw new ExpressionException(
                $"Function '{name}' at position {start + 1} takes {expected} argument{plural}, got {count}.", start + 1);
        }
        Emit(new Instruction(OpCode.Call, start + 1) { Function = function, ArgCount = count }, 1 - count);
    }

    private Number ReadNumber()
    {
        var start = _at;
        var isFloat = false;
        while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
        {
            _at++;
        }
        if (_at < _text.Length && _text[_at] == '.')
        {
            isFloat = true;
            _at++;
            while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
            {
                _at++;
            }
        }
        if (_at < _text.Length && _text[_at] is 'e' or 'E')
        {
            // An exponent only when digits follow; otherwise "e" starts a name (and is a syntax error here).
            var next = _at + 1 < _text.Length && _text[_at + 1] is '+' or '-' ? _at + 2 : _at + 1;
            if (next < _text.Length && char.IsAsciiDigit(_text[next]))
            {
                isFloat = true;
                _at = next;
                while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
                {
                    _at++;
                }
            }
        }
        var literal = _text.AsSpan(start, _at - start);
        SkipSpaces();
        if (!isFloat && long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
        {
            return Number.Of(integer);
        }
        var real = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(real)
            ? Number.Of(real)
            : throw new ExpressionException($"The number at position {start + 1} is too large.", start + 1);
    }

    private string ReadName()
    {
        var start = _at;
        while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] == '_'))
        {
            _at++;
        }
        var name = _text[start.._at];
        SkipSpaces();
        return name;
    }

    private void Close(int open, string what)
    {
        if (Peek() != ')')
        {
            throw _at < _text.Length
                ? Unexpected($": expected ')' to close {what} at position {open + 1}")
                : new ExpressionException($"Missing ')' to close {what} at position {open + 1}.", open + 1);
        }
        Take();
    }

    private void Enter(int position)
    {
        if (++_depth > MaxDepth)
        {
            throw new ExpressionException($"The formula nests deeper than {MaxDepth} levels at position {position + 1}.", position + 1);
        }
    }

    private void Emit(Instruction instruction, int stackChange)
    {
        _code.Add(instruction);
        _stack += stackChange;
        _maxStack = global::System.Math.Max(_maxStack, _stack);
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private int Take()
    {
        var at = _at++;
        SkipSpaces();
        return at;
    }

    private void SkipSpaces()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }
    }

    private ExpressionException Unexpected(string expectation) => _at >= _text.Length
        ? new ExpressionException($"Unexpected end of formula at position {_at + 1}{expectation}.", _at + 1)
        : new ExpressionException($"Unexpected '{_text[_at]}' at position {_at + 1}{expectation}.", _at + 1);
}
