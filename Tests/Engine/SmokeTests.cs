using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Engine;

public class SmokeTests
{
    [Test]
    public async Task A_nested_tree_evaluates_post_order()
    {
        var value = await Run("""
            processor: concatenate
            id: greeting
            items:
              - "Hello, "
              - processor: if_then_else
                id: choose
                lhs: 1
                rhs: 2
                operator: "<"
                then:
                  processor: var_str
                  id: world
                  value: world
                else: nobody
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Text));
        Assert.That(value.Data, Is.EqualTo("Hello, world"));
    }
}
