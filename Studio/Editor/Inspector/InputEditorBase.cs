using Microsoft.AspNetCore.Components;

namespace ApiStudio.Studio.Editor.Inspector;

/// <summary>What every editor of the registry is given: the field it edits.</summary>
public abstract class InputEditorBase : ComponentBase
{
    /// <summary>The field.</summary>
    [Parameter, EditorRequired]
    public InputField Field { get; set; } = default!;
}
