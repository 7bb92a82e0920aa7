using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Compatibility;

/// <summary>
/// An input may be given under an alias (ApiOpenStudio's name where ours differs): the validator, the planner, the
/// run-time accessor and the catalogue resolve it from the one declaration.
/// </summary>
public class InputAliasTests
{
    private static string Document(string process) => TestEngine.Resource(process, "fragments:\n  greeting: Hello");

    [TestCase("name")]
    [TestCase("key")]
    public async Task A_fragment_is_named_by_its_name_or_by_key(string input)
    {
        var value = await TestEngine.RunDocument(Document($"processor: fragment\nid: f\n{input}: greeting"));
        Assert.That(value.Data, Is.EqualTo("Hello"));
    }

    [Test]
    public void An_input_given_under_its_name_and_its_alias_is_refused()
    {
        var ex = Assert.Throws<ApiStudio.Engine.Validation.ResourceValidationException>(() => TestEngine.Prepare(Document("processor: fragment\nid: f\nname: greeting\nkey: greeting")))!;
        Assert.That(ex.Message, Does.Contain("Input 'name' is given twice ('key' is another name for it)."));
    }

    [Test]
    public void An_undeclared_fragment_under_the_alias_is_refused_as_under_the_name()
    {
        var ex = Assert.Throws<ApiStudio.Engine.Validation.ResourceValidationException>(() => TestEngine.Prepare(Document("processor: fragment\nid: f\nkey: farewell")))!;
        Assert.That(ex.Message, Does.Contain("Fragment 'farewell' is not declared"));
    }

    [Test]
    public void The_catalogue_lists_the_alias()
    {
        var fragment = ProcessorCatalogue.Describe(TestEngine.Catalogue.Find("fragment")!);
        var name = (Map)((Map)fragment["input"]!)["name"]!;
        Assert.That(name["aliases"], Is.EqualTo(new List<object?> { "key" }));
    }

    [Test]
    public void The_details_find_an_input_by_its_alias()
    {
        var details = TestEngine.Catalogue.Find("fragment")!.Details;
        Assert.That(details.Input("key"), Is.SameAs(details.Input("name")));
    }
}
