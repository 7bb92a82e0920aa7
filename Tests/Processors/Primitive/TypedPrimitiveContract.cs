using ApiStudio.Engine.Processing;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

/// <summary>
/// The rules every typed primitive (var_bool, var_int, var_float, var_str) shares: a required <c>value</c> whose
/// type is checked for literals at publish time and for node values at run time. Run by each processor's fixture.
/// </summary>
public abstract class TypedPrimitiveContract
{
    /// <summary>The machine name under test.</summary>
    protected abstract string Processor { get; }

    /// <summary>The allowed types as the error lists them: <c>float, integer</c>.</summary>
    protected abstract string Allowed { get; }

    /// <summary>Literals (YAML) of other types, each refused.</summary>
    protected abstract string[] WrongLiterals { get; }

    /// <summary>The lines of a <c>value</c> input holding a node of another type, and that type's name.</summary>
    protected virtual (string[] Lines, string Type) WrongNode => (TextNode("value", "1"), "text");

    [Test]
    public async Task Missing_value_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Of(Processor)), "p", "value");
    }

    [Test]
    public async Task Literals_of_other_types_are_refused_with_node_id()
    {
        foreach (var literal in WrongLiterals)
        {
            var refused = await Rejected(Of(Processor, $"value: {literal}"));
            Assert.That(refused.NodeId, Is.EqualTo("p"), literal);
            Assert.That(refused.Message, Does.Contain("value"), literal);
        }
    }

    [Test]
    public async Task Node_value_of_another_type_is_refused_at_run_time_with_node_id()
    {
        var (lines, type) = WrongNode;
        var error = await RunUnvalidatedFails(Of(Processor, lines));
        Assert.That(error.Message, Is.EqualTo($"Input 'value' does not accept type {type}; allowed: {Allowed}. (node 'p')"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "p")));
    }
}
