using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ValueMap = ApiStudio.Engine.Values.Map;

namespace ApiStudio.Processors.Math;

/// <summary>Evaluates an arithmetic formula with named variables.</summary>
public sealed class Math : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Math",
        "Evaluates a formula, e.g. 3*x^2 - 4*y + 3/y. Numbers (12, 1.5, 2e3), variables, + - * / % ^ (power, " +
        "right-associative, above unary minus: -2^2 = -4), parentheses, constants pi and e, and the functions min, max, " +
        "abs, round(x) / round(x, digits), sqrt, floor, ceil, pow, log(x) / log(x, base), exp, sin, cos, tan. The " +
        "result is an integer when every step is exact on integers (7/2 = 3.5, 6/3 = 2, 2^3 = 8; floor, ceil and round " +
        "give integers), else a float. Division by zero, unknown names and malformed formulas are errors naming the " +
        "position.",
        new InputSpec("formula", "The formula.") { Min = 1, LimitTypes = [DataType.Text] },
        new InputSpec("variables", "The variables: a map of names to numbers (or numeric text), e.g. from var_object.")
        {
            LimitTypes = [DataType.Array, DataType.Json],
        })
    {
        Returns = [DataType.Float, DataType.Integer],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var formula = (string)context.Val("formula").Data!;
        var variables = Variables(context);
        try
        {
            var result = Expression.Compile(formula).Evaluate(variables);
            return result.IsInteger ? DataContainer.Integer(result.Integer) : DataContainer.Float(result.Real);
        }
        catch (ExpressionException ex)
        {
            throw context.Error(ex.Message);
        }
    }

    private static ValueMap? Variables(NodeContext context)
    {
        var value = context.Val("variables");
        var plain = value.Type == DataType.Json ? DataOperation.DataItems.ParseJson((string)value.Data!, "variables", context) : value.Data;
        return plain switch
        {
            null => null,
            ValueMap map => map,
            List<object?> { Count: 0 } => null,
            _ => throw context.Error("Input 'variables' must be a map of names to numbers."),
        };
    }
}
