using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Engine.Validation;

/// <summary>Inputs declared <c>NodeAllowed = false</c> take literals only: refused at publish time, re-checked at run time.</summary>
public class LiteralOnlyInputTests
{
    private const string Refusal = "Input 'fixed' must be a literal written in the resource, not computed by a processor node.";

    private static ResourceValidationException PublishFails(string processYaml) =>
        Assert.Throws<ResourceValidationException>(() =>
            TestCatalogue.Planner.Prepare(ResourceLoader.Load(TestEngine.Resource(processYaml), "test.yaml")))!;

    [Test]
    public async Task A_literal_is_accepted()
    {
        var run = await TestCatalogue.Run("""
            processor: test_literal_only
            id: node
            fixed: [a, {b: 1}]
            """);
        Assert.That(run.Value!.ToString(), Is.EqualTo("""["a",{"b":1}]"""));
    }

    [Test]
    public void A_node_is_refused_at_publish_time_naming_node_and_input()
    {
        var ex = PublishFails("""
            processor: test_literal_only
            id: node
            fixed:
              processor: var_str
              id: computed
              value: x
            """);
        Assert.That(ex.Errors.Select(e => (e.NodeId, e.Input, e.Message)), Has.Member(("node", "fixed", Refusal)));
    }

    [Test]
    public void A_node_inside_a_list_or_map_is_refused_too()
    {
        var ex = PublishFails("""
            processor: test_literal_only
            id: node
            fixed:
              - a
              - deep:
                  processor: var_str
                  id: computed
                  value: x
            """);
        Assert.That(ex.Message, Does.Contain(Refusal));
    }

    [Test]
    public async Task A_plan_that_skipped_the_validator_is_refused_at_run_time()
    {
        var ex = await TestCatalogue.RunUnvalidatedFails("""
            processor: test_literal_only
            id: node
            fixed:
              processor: var_str
              id: computed
              value: x
            """);
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message), Is.EqualTo(("node", ErrorCodes.InvalidInput, 400, Refusal)));
    }

    [Test]
    public void The_catalogue_shows_the_rule()
    {
        var described = ProcessorCatalogue.Describe(TestCatalogue.Catalogue.Find("sql")!);
        var inputs = (ApiStudio.Engine.Values.Map)described["input"]!;
        Assert.That(((ApiStudio.Engine.Values.Map)inputs["query"]!)["nodeAllowed"], Is.EqualTo(false));
        Assert.That(((ApiStudio.Engine.Values.Map)inputs["parameters"]!)["nodeAllowed"], Is.EqualTo(true));
    }
}
