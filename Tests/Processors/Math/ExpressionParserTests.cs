using ApiStudio.Engine.Values;
using ApiStudio.Processors.Math;

namespace ApiStudio.Tests.Processors.Math;

public class ExpressionParserTests
{
    private static string Eval(string formula, Map? variables = null)
    {
        var result = ExpressionParser.Parse(formula).Evaluate(variables);
        return (result.IsInteger ? "int " : "float ") + result;
    }

    private static ExpressionException Fails(string formula, Map? variables = null) =>
        Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(formula).Evaluate(variables))!;

    [TestCase("1 + 2 * 3", "int 7")]
    [TestCase("(1 + 2) * 3", "int 9")]
    [TestCase("10 - 4 - 3", "int 3")]
    [TestCase("100 / 10 / 5", "int 2")]
    [TestCase("2 * 3 % 4", "int 2")]
    [TestCase("7 % 4 * 2", "int 6")]
    [TestCase("2 ^ 3 ^ 2", "int 512")]
    [TestCase("(2 ^ 3) ^ 2", "int 64")]
    [TestCase("-2 ^ 2", "int -4")]
    [TestCase("(-2) ^ 2", "int 4")]
    [TestCase("2 ^ -1", "float 0.5")]
    [TestCase("-2 * 3", "int -6")]
    [TestCase("2 * -3", "int -6")]
    [TestCase("--3", "int 3")]
    [TestCase("+-+3", "int -3")]
    [TestCase("2 ^ -2 * 4", "float 1")]
    [TestCase("1 - -1", "int 2")]
    [TestCase("3 * 2 ^ 2", "int 12")]
    [TestCase("-3 ^ 2 + 1", "int -8")]
    [TestCase("2 * (3 + 4) ^ 2 / 7", "int 14")]
    public void Precedence_and_associativity(string formula, string expected)
    {
        Assert.That(Eval(formula), Is.EqualTo(expected));
    }

    [TestCase("7 / 2", "float 3.5")]
    [TestCase("6 / 3", "int 2")]
    [TestCase("2 ^ 3", "int 8")]
    [TestCase("2.0 * 3", "float 6")]
    [TestCase("1.5 + 1.5", "float 3")]
    [TestCase("1e3", "float 1000")]
    [TestCase("2.5e-1", "float 0.25")]
    [TestCase(".5 + 1", "float 1.5")]
    [TestCase("-7 % 3", "int -1")]
    [TestCase("7.5 % 2", "float 1.5")]
    [TestCase("1 ^ -3", "int 1")]
    [TestCase("(-1) ^ -3", "int -1")]
    [TestCase("0 ^ 0", "int 1")]
    [TestCase("9223372036854775807 + 1", "float 9.223372036854776E+18")]
    [TestCase("3037000500 * 3037000500", "float 9.22337203700025E+18")]
    [TestCase("2 ^ 63", "float 9.223372036854776E+18")]
    [TestCase("2 ^ 62", "int 4611686018427387904")]
    [TestCase("99999999999999999999", "float 1E+20")]
    public void Integers_stay_integers_only_when_exact(string formula, string expected)
    {
        Assert.That(Eval(formula), Is.EqualTo(expected));
    }

    [TestCase("min(3, 1, 2)", "int 1")]
    [TestCase("max(3, 1.5)", "float 3")]
    [TestCase("max(4)", "int 4")]
    [TestCase("abs(-5)", "int 5")]
    [TestCase("abs(-2.5)", "float 2.5")]
    [TestCase("round(2.5)", "int 3")]
    [TestCase("round(-2.5)", "int -3")]
    [TestCase("round(2.675, 2)", "float 2.68")]
    [TestCase("round(1234, -2)", "int 1200")]
    [TestCase("round(1250.5, -2)", "int 1300")]
    [TestCase("round(7, 2)", "int 7")]
    [TestCase("floor(2.7)", "int 2")]
    [TestCase("floor(-2.2)", "int -3")]
    [TestCase("ceil(2.1)", "int 3")]
    [TestCase("sqrt(16)", "int 4")]
    [TestCase("sqrt(2)", "float 1.4142135623730951")]
    [TestCase("sqrt(6.25)", "float 2.5")]
    [TestCase("pow(2, 10)", "int 1024")]
    [TestCase("pow(4, 0.5)", "float 2")]
    [TestCase("log(1)", "float 0")]
    [TestCase("log(8, 2)", "float 3")]
    [TestCase("exp(0)", "float 1")]
    [TestCase("sin(0)", "float 0")]
    [TestCase("cos(0)", "float 1")]
    [TestCase("tan(0)", "float 0")]
    [TestCase("round(pi, 4)", "float 3.1416")]
    [TestCase("round(e, 3)", "float 2.718")]
    [TestCase("max(1, min(5, 3) * 2) + abs(-1)", "int 7")]
    public void Functions_and_constants(string formula, string expected)
    {
        Assert.That(Eval(formula), Is.EqualTo(expected));
    }

    [Test]
    public void Variables_are_read_by_name_and_shadow_constants()
    {
        var variables = new Map { ["x"] = -4L, ["y"] = 8L, ["rate"] = 0.5, ["e"] = 10L, ["count"] = " 3 ", ["ratio"] = "0.25" };
        Assert.That(Eval("3*x^2 - 4*y + 3/y", variables), Is.EqualTo("float 16.375"));
        Assert.That(Eval("rate * e", variables), Is.EqualTo("float 5"));
        Assert.That(Eval("count * 2 + ratio", variables), Is.EqualTo("float 6.25"));
        Assert.That(Eval("count * 2", variables), Is.EqualTo("int 6"));
    }

    [Test]
    public void Whitespace_is_allowed_anywhere_between_tokens()
    {
        Assert.That(Eval("\t max ( 1 ,\n 2 ) * ( 3 ) "), Is.EqualTo("int 6"));
    }

    [TestCase("1 / 0", 3)]
    [TestCase("1 % 0", 3)]
    [TestCase("1.5 / 0.0", 5)]
    [TestCase("0 ^ -1", 3)]
    [TestCase("2 * (3 / (1 - 1))", 8)]
    public void Division_by_zero_names_the_position(string formula, int position)
    {
        var error = Fails(formula);
        Assert.That(error.Message, Is.EqualTo($"Division by zero at position {position}."));
        Assert.That(error.Position, Is.EqualTo(position));
    }

    [Test]
    public void An_unknown_variable_is_named_with_its_position()
    {
        var error = Fails("1 + speed * 2");
        Assert.That(error.Message, Is.EqualTo("Unknown variable 'speed' at position 5."));
    }

    [Test]
    public void A_variable_that_is_not_a_number_is_named()
    {
        Assert.That(Fails("a + 1", new Map { ["a"] = "abc" }).Message, Is.EqualTo("Variable 'a' at position 1 is not a number."));
        Assert.That(Fails("1 + a", new Map { ["a"] = null }).Message, Is.EqualTo("Variable 'a' at position 5 is undefined."));
        Assert.That(Fails("a", new Map { ["a"] = new List<object?>() }).Message, Is.EqualTo("Variable 'a' at position 1 is not a number."));
    }

    [Test]
    public void An_unknown_function_is_named_with_its_position()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse("2 * cube(3)"))!;
        Assert.That(error.Message, Is.EqualTo("Unknown function 'cube' at position 5."));
        Assert.That(error.Position, Is.EqualTo(5));
    }

    [TestCase("", "The formula is empty.")]
    [TestCase("   ", "The formula is empty.")]
    [TestCase("1 +", "Unexpected end of formula at position 4: expected a number, variable, function or '('.")]
    [TestCase("1 + * 2", "Unexpected '*' at position 5: expected a number, variable, function or '('.")]
    [TestCase("2 3", "Unexpected '3' at position 3: expected an operator.")]
    [TestCase("2x", "Unexpected 'x' at position 2: expected an operator.")]
    [TestCase("(1 + 2", "Missing ')' to close '(' at position 1.")]
    [TestCase("1 + 2)", "Unexpected ')' at position 6.")]
    [TestCase("(1 2)", "Unexpected '2' at position 4: expected ')' to close '(' at position 1.")]
    [TestCase("max(1, 2", "Missing ')' to close the call of max at position 1.")]
    [TestCase("max(1,)", "Unexpected ')' at position 7: expected a number, variable, function or '('.")]
    [TestCase("round(1, 2, 3)", "Function 'round' at position 1 takes 1 or 2 arguments, got 3.")]
    [TestCase("sqrt()", "Function 'sqrt' at position 1 takes 1 argument, got 0.")]
    [TestCase("pow(2)", "Function 'pow' at position 1 takes 2 arguments, got 1.")]
    [TestCase("min()", "Function 'min' at position 1 takes at least 1 argument, got 0.")]
    [TestCase("1 # 2", "Unexpected '#' at position 3: expected an operator.")]
    [TestCase("1 + $", "Unexpected '$' at position 5: expected a number, variable, function or '('.")]
    [TestCase("1.2.3", "Unexpected '.' at position 4: expected an operator.")]
    [TestCase("1e999", "The number at position 1 is too large.")]
    public void Syntax_errors_name_the_position(string formula, string message)
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(formula))!;
        Assert.That(error.Message, Is.EqualTo(message));
    }

    [TestCase("sqrt(-1)", "sqrt at position 1 needs a number that is not negative.")]
    [TestCase("log(0)", "log at position 1 needs a number greater than 0.")]
    [TestCase("log(8, 1)", "log at position 1 needs a base greater than 0 and other than 1.")]
    [TestCase("round(1.5, 0.5)", "round at position 1 needs a whole number of digits between -15 and 15.")]
    [TestCase("round(1.5, 16)", "round at position 1 needs a whole number of digits between -15 and 15.")]
    [TestCase("10 ^ 400", "The result of ^ at position 4 is too large.")]
    [TestCase("exp(1000)", "The result of exp at position 1 is too large.")]
    [TestCase("(-8) ^ (1 / 3)", "The result of ^ at position 6 is not a real number.")]
    [TestCase("1e300 * 1e300", "The result of * at position 7 is too large.")]
    public void Impossible_results_are_clear_errors(string formula, string message)
    {
        Assert.That(Fails(formula).Message, Is.EqualTo(message));
    }

    [Test]
    public void Deep_nesting_is_refused_without_overflowing_the_stack()
    {
        var deep = new string('(', 100_000) + "1" + new string(')', 100_000);
        Assert.That(Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(deep[..4000]))!.Message,
            Is.EqualTo($"The formula nests deeper than {ExpressionParser.MaxDepth} levels at position {ExpressionParser.MaxDepth + 1}."));
        var signs = new string('-', 3000) + "1";
        Assert.That(Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(signs))!.Message, Does.Contain("nests deeper than"));
        var powers = string.Join("^", Enumerable.Repeat("1", 1000));
        Assert.That(Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(powers))!.Message, Does.Contain("nests deeper than"));
        var nested = new string('(', ExpressionParser.MaxDepth) + "1" + new string(')', ExpressionParser.MaxDepth);
        Assert.That(ExpressionParser.Parse(nested).Evaluate(null).Integer, Is.EqualTo(1));
    }

    [Test]
    public void Long_flat_formulas_evaluate_without_recursion()
    {
        var sum = string.Join("+", Enumerable.Repeat("1", 2000));
        Assert.That(Eval(sum), Is.EqualTo("int 2000"));
    }

    [Test]
    public void Formulas_longer_than_the_limit_are_refused()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(new string('1', Expression.MaxLength + 1)))!;
        Assert.That(error.Message, Is.EqualTo($"The formula is longer than {Expression.MaxLength} characters."));
    }

    [Test]
    public void Compile_returns_the_cached_expression_for_the_same_formula()
    {
        var first = Expression.Compile("x * 2 + 1");
        Assert.That(Expression.Compile("x * 2 + 1"), Is.SameAs(first));
        Assert.That(ExpressionParser.Parse("x * 2 + 1"), Is.Not.SameAs(first));
        Assert.That(first.Evaluate(new Map { ["x"] = 4L }).Integer, Is.EqualTo(9));
        Assert.That(first.Evaluate(new Map { ["x"] = 1.5 }).Real, Is.EqualTo(4.0));
    }

    [Test]
    public void The_cache_stays_bounded()
    {
        for (var i = 0; i < Expression.MaxCached + 10; i++)
        {
            Expression.Compile($"{i} + 0");
        }
        Assert.That(Expression.CachedCount, Is.LessThanOrEqualTo(Expression.MaxCached));
    }
}
