using ApiStudio.Engine.Values;
using ApiStudio.Studio.Editor.Inspector.Editors;
using ApiStudio.Studio.Editor.Model;

namespace ApiStudio.Studio.Editor.Inspector;

/// <summary>One editor of the inspector: the fields it takes, by what their input accepts, and its component.</summary>
/// <param name="Name">What the editor is, for tests and diagnostics.</param>
/// <param name="Handles">True for the fields this editor edits.</param>
/// <param name="Component">A component deriving from <see cref="InputEditorBase"/>.</param>
public sealed record InputEditorHandler(string Name, Func<InputField, bool> Handles, Type Component);

/// <summary>
/// Chooses the component editing each field of the inspector from what its input accepts (a node, a list, allowed
/// values, its types): the first handler that takes the field. Adding an editor is adding a handler.
/// </summary>
public sealed class InputEditorRegistry
{
    /// <summary>The studio's editors, most specific first; the YAML-literal editor takes whatever is left.</summary>
    public static InputEditorRegistry Default { get; } = new(
    [
        new("node", f => f.Value is EditorNode, typeof(NodeValueEditor)),
        new("list", f => f.Value is EditorList || (!f.IsItem && f.Spec is { IsMulti: true } && f.Value is not EditorMap), typeof(ListEditor)),
        new("map", f => f.Value is EditorMap, typeof(MapEditor)),
        new("choice", f => f.LimitValues.Count > 0 && f.Value is null or EditorLiteral, typeof(ChoiceEditor)),
        new("switch", f => f.TypesWithin(DataType.Boolean) && f.Value is null or EditorLiteral { Value: bool }, typeof(SwitchEditor)),
        new("number", f => f.TypesWithin(DataType.Integer, DataType.Float) && f.Value is null or EditorLiteral { Value: long or double },
            typeof(NumberEditor)),
        new("text", f => f.TypesWithin(DataType.Text, DataType.Html, DataType.Xml, DataType.Json) && f.Value is null or EditorLiteral { Value: string },
            typeof(TextEditor)),
        new("literal", _ => true, typeof(LiteralEditor)),
    ]);

    /// <summary>A registry of <paramref name="handlers"/>, tried in order.</summary>
    public InputEditorRegistry(IReadOnlyList<InputEditorHandler> handlers)
    {
        Handlers = handlers;
    }

    /// <summary>The handlers, tried in order.</summary>
    public IReadOnlyList<InputEditorHandler> Handlers { get; }

    /// <summary>This registry with <paramref name="handler"/> tried before the others.</summary>
    public InputEditorRegistry With(InputEditorHandler handler) => new([handler, .. Handlers]);

    /// <summary>The handler editing <paramref name="field"/>.</summary>
    public InputEditorHandler For(InputField field)
    {
        foreach (var handler in Handlers)
        {
            if (handler.Handles(field))
            {
                return handler;
            }
        }
        throw new InvalidOperationException($"No editor takes {field.Slot}.");
    }
}
