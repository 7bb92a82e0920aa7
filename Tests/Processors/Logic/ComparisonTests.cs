using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Processors.Logic;

namespace ApiStudio.Tests.Processors.Logic;

public class ComparisonTests
{
    private static DataContainer V(object? plain) => DataContainer.FromPlain(plain);

    [TestCase(7, 7, true)]
    [TestCase(7, "7", false)]
    [TestCase(7, 7.0, false)]
    [TestCase("a", "a", true)]
    [TestCase("a", "A", false)]
    [TestCase(true, true, true)]
    [TestCase(true, "true", false)]
    [TestCase(null, null, true)]
    [TestCase(null, "", false)]
    [TestCase(1.5, 1.5, true)]
    public void Strict_equality_needs_the_same_type_and_value(object? lhs, object? rhs, bool equal)
    {
        Assert.That(Comparison.Holds(V(lhs), V(rhs), "==", strict: true, "n"), Is.EqualTo(equal));
        Assert.That(Comparison.Holds(V(lhs), V(rhs), "!=", strict: true, "n"), Is.EqualTo(!equal));
    }

    [TestCase(7, "7", true)]
    [TestCase(7, 7.0, true)]
    [TestCase("007", 7, true)]
    [TestCase(" 7 ", 7, true)]
    [TestCase("1e3", 1000, true)]
    [TestCase("7.5", 7, false)]
    [TestCase(true, "yes", true)]
    [TestCase(true, "true", true)]
    [TestCase(false, 0, true)]
    [TestCase(true, 0, false)]
    [TestCase(true, "maybe", false)]
    [TestCase(null, "", true)]
    [TestCase("abc", "ABC", false)]
    [TestCase("", 0, false)]
    [TestCase("NaN", "NaN", true)]
    public void Loose_equality_compares_numbers_numerically_and_the_rest_by_text(object? lhs, object? rhs, bool equal)
    {
        Assert.That(Comparison.Holds(V(lhs), V(rhs), "==", strict: false, "n"), Is.EqualTo(equal));
        Assert.That(Comparison.Holds(V(lhs), V(rhs), "!=", strict: false, "n"), Is.EqualTo(!equal));
    }

    [Test]
    public void Arrays_are_equal_with_the_same_items_in_the_same_order()
    {
        var list = V(new List<object?> { 1L, "a" });
        Assert.That(Comparison.Holds(list, V(new List<object?> { 1L, "a" }), "==", true, "n"), Is.True);
        Assert.That(Comparison.Holds(list, V(new List<object?> { "a", 1L }), "==", true, "n"), Is.False);
        Assert.That(Comparison.Holds(V(new Map { ["k"] = 1L }), V(new Map { ["k"] = 1L }), "==", true, "n"), Is.True);
    }

    [TestCase(10, ">", 9, true)]
    [TestCase("10", ">", "9", true)]
    [TestCase("10", ">", 9, true)]
    [TestCase(2, "<", 2.5, true)]
    [TestCase(2, "<=", 2.0, true)]
    [TestCase(3, ">=", 3, true)]
    [TestCase(3, "<", 3, false)]
    [TestCase("b", ">", "a", true)]
    [TestCase("B", ">", "a", false)]
    [TestCase("abc", ">", 10, true)]
    [TestCase(null, "<", "a", true)]
    public void Ordering_is_numeric_for_numbers_and_numeric_text_else_ordinal_text(object? lhs, string op, object? rhs, bool holds)
    {
        Assert.That(Comparison.Holds(V(lhs), V(rhs), op, strict: false, "n"), Is.EqualTo(holds));
        // strict concerns == and != only: ordering is the same either way.
        Assert.That(Comparison.Holds(V(lhs), V(rhs), op, strict: true, "n"), Is.EqualTo(holds));
    }

    [Test]
    public void Large_integers_compare_exactly()
    {
        Assert.That(Comparison.Holds(V(9_007_199_254_740_993L), V(9_007_199_254_740_992L), ">", true, "n"), Is.True);
        Assert.That(Comparison.Holds(V("9007199254740993"), V(9_007_199_254_740_992L), "==", false, "n"), Is.False);
    }

    [Test]
    public void Arrays_cannot_be_ordered()
    {
        var error = Assert.Throws<ApiException>(() =>
            Comparison.Holds(V(new List<object?> { 1L }), V(1L), "<", true, "cmp"));
        Assert.That((error!.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "cmp")));
        Assert.That(error.Message, Is.EqualTo("Operator '<' cannot order array and integer in node 'cmp'."));
    }

    [Test]
    public void An_unknown_operator_is_an_input_error()
    {
        var error = Assert.Throws<ApiException>(() => Comparison.Holds(V(1L), V(1L), "=~", true, "cmp"));
        Assert.That((error!.Code, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, "cmp")));
    }
}
