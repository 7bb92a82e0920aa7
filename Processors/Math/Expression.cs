using System.Collections.Concurrent;
using System.Globalization;
using ValueMap = ApiStudio.Engine.Values.Map;

namespace ApiStudio.Processors.Math;

/// <summary>
/// A compiled formula: postfix instructions evaluated with an explicit stack (no recursion, no text evaluation).
/// Compiled once per distinct formula and kept in a bounded cache; instances are immutable and shared.
/// </summary>
/// <remarks>
/// Integer rule: integers stay integers through <c>+ - * % ^</c> (non-negative exponent), <c>/</c> when the division
/// is exact, <c>min max abs pow</c>, and <c>sqrt</c> of a perfect square; <c>floor ceil round</c> give integers (round
/// with digits &gt; 0 keeps a float a float). Any float operand, an inexact division, a negative exponent and
/// <c>log exp sin cos tan</c> give floats. An integer result that would overflow becomes a float.
/// </remarks>
public sealed class Expression
{
    /// <summary>Longest formula accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>Most distinct formulas kept compiled.</summary>
    public const int MaxCached = 1024;

    private static readonly ConcurrentDictionary<string, Expression> Cache = new(StringComparer.Ordinal);

    internal Expression(string formula, Instruction[] code, int maxStack)
    {
        Formula = formula;
        Code = code;
        MaxStack = maxStack;
    }

    /// <summary>How many compiled formulas the cache holds now.</summary>
    public static int CachedCount => Cache.Count;

    /// <summary>The formula text.</summary>
    public string Formula { get; }

    /// <summary>Deepest evaluation stack the code needs.</summary>
    public int MaxStack { get; }

    internal Instruction[] Code { get; }

    /// <summary>The compiled formula, from the cache when it was compiled before.</summary>
    /// <exception cref="ExpressionException">The formula is malformed.</exception>
    public static Expression Compile(string formula)
    {
        if (Cache.TryGetValue(formula, out var cached))
        {
            return cached;
        }
        var compiled = ExpressionParser.Parse(formula);
        if (Cache.Count >= MaxCached)
        {
            // Bounded: start afresh rather than grow without limit when formulas come from requests.
            Cache.Clear();
        }
        Cache.TryAdd(formula, compiled);
        return compiled;
    }

    /// <summary>Evaluates with the given variables (names to numbers or numeric text); null = no variables.</summary>
    /// <exception cref="ExpressionException">Division by zero, an unknown variable, a result that is not finite.</exception>
    public Number Evaluate(ValueMap? variables)
    {
        Span<Number> stack = MaxStack <= 16 ? stackalloc Number[16] : new Number[MaxStack];
        var top = 0;
        foreach (var instruction in Code)
        {
            switch (instruction.Op)
            {
                case OpCode.Constant:
                    stack[top++] = instruction.Constant;
                    break;
                case OpCode.Variable:
                    stack[top++] = Variable(instruction, variables);
                    break;
                case OpCode.Negate:
                    stack[top - 1] = Arithmetic.Negate(stack[top - 1]);
                    break;
                case OpCode.Call:
                    var count = instruction.ArgCount;
                    var result = Functions.Call(instruction.Function, stack.Slice(top - count, count), instruction.Position);
                    top -= count;
                    stack[top++] = result;
                    break;
                default:
                    top--;
                    stack[top - 1] = Arithmetic.Binary(instruction.Op, stack[top - 1], stack[top], instruction.Position);
                    break;
            }
        }
        return stack[0];
    }

    private static Number Variable(in Instruction instruction, ValueMap? variables)
    {
        var name = instruction.Name!;
        if (variables is not null && variables.TryGetValue(name, out var raw))
        {
            return raw switch
            {
                long l => Number.Of(l),
                double d => Number.Of(d),
                string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => Number.Of(l),
                string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    && double.IsFinite(d) => Number.Of(d),
                null => throw new ExpressionException(
                    $"Variable '{name}' at position {instruction.Position} is undefined.", instruction.Position),
                _ => throw new ExpressionException(
                    $"Variable '{name}' at position {instruction.Position} is not a number.", instruction.Position),
            };
        }
        return name switch
        {
            "pi" => Number.Of(global::System.Math.PI),
            "e" => Number.Of(global::System.Math.E),
            _ => throw new ExpressionException($"Unknown variable '{name}' at position {instruction.Position}.", instruction.Position),
        };
    }
}

/// <summary>What one instruction does.</summary>
internal enum OpCode : byte
{
    Constant,
    Variable,
    Negate,
    Call,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
}

/// <summary>One postfix instruction with the formula position it came from (for error messages).</summary>
internal readonly record struct Instruction(OpCode Op, int Position)
{
    public Number Constant { get; init; }

    public string? Name { get; init; }

    public Function Function { get; init; }

    public int ArgCount { get; init; }
}
