using ApiStudio.Studio.Editor.Model;
using ApiStudio.Tests.Validation.Fixtures;

namespace ApiStudio.Tests.Studio.Editor;

/// <summary>The engine's validator run on the model, its errors grouped by node for the canvas.</summary>
public class EditorValidationTests
{
    [Test]
    public void Errors_are_grouped_by_node_and_the_rest_listed_apart()
    {
        var model = EditorDocument.Load(EditorDocumentTests.Sample, ValidationCatalogue.Validator);
        Assert.That(model.Validate().IsValid, Is.True);
        model.RemoveHeader("uri");
        model.Remove(EditorSlot.Of(model.FindNode("greeting")!, "items").Item(0));
        model.Remove(EditorSlot.Of(model.FindNode("greeting")!, "items").Item(0));
        model.SetLiteral(EditorSlot.Of(model.FindNode("a")!, "value"), "one");
        model.SetLiteral(EditorSlot.Of(model.FindNode("a")!, "unknown"), 1);

        var validation = model.Validate();
        Assert.That(validation.IsValid, Is.False);
        Assert.That(validation.ByNode.Keys, Is.EquivalentTo(new[] { "greeting", "a" }));
        Assert.That(validation.For("greeting").Select(e => e.Input), Is.EqualTo(new[] { "items" }));
        Assert.That(validation.For("a").Select(e => e.Input), Is.EquivalentTo(new[] { "value", "unknown" }));
        Assert.That(validation.For("sum"), Is.Empty);
        Assert.That(validation.General.Select(e => e.Message), Is.EqualTo(new[] { "'uri' is required." }));
        Assert.That(validation.All, Has.Count.EqualTo(4));
        Assert.That(validation.All, Is.EqualTo(ValidationCatalogue.Validator.Validate(model.ToResourceDocument())),
            "the same errors as the engine's validator on the written document");
    }

    [Test]
    public void An_unknown_processor_is_reported_on_its_node()
    {
        var model = EditorDocument.Load(EditorDocumentTests.Sample.Replace("processor: var_int", "processor: var_nothing"),
            ValidationCatalogue.Validator);
        Assert.That(model.Validate().For("a").Single().Message, Does.StartWith("Unknown processor: var_nothing"));
        Assert.That(model.InputsOf(model.FindNode("a")!).Single().IsDeclared, Is.False);
    }

    [Test]
    public void Validation_follows_undo()
    {
        var model = EditorDocument.Load(EditorDocumentTests.Sample, ValidationCatalogue.Validator);
        model.SetLiteral(EditorSlot.Of(model.FindNode("greeting")!, "items"), "not a list");
        Assert.That(model.Validate().For("greeting"), Is.Not.Empty);
        model.Undo();
        Assert.That(model.Validate().IsValid, Is.True);
    }
}
