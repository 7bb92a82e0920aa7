using ApiStudio.Engine.Validation;

namespace ApiStudio.Studio.Editor.Model;

/// <summary>The validator's findings on a document, grouped by node id so a canvas can mark each card.</summary>
public sealed class EditorValidation
{
    private static readonly IReadOnlyList<ValidationError> None = [];

    /// <summary>Groups <paramref name="errors"/> by node.</summary>
    public EditorValidation(IReadOnlyList<ValidationError> errors)
    {
        All = errors;
        var byNode = new Dictionary<string, IReadOnlyList<ValidationError>>(StringComparer.Ordinal);
        var general = new List<ValidationError>();
        foreach (var error in errors)
        {
            if (error.NodeId is null)
            {
                general.Add(error);
            }
            else if (byNode.TryGetValue(error.NodeId, out var list))
            {
                ((List<ValidationError>)list).Add(error);
            }
            else
            {
                byNode[error.NodeId] = new List<ValidationError> { error };
            }
        }
        ByNode = byNode;
        General = general;
    }

    /// <summary>Every error, in the order the validator found them.</summary>
    public IReadOnlyList<ValidationError> All { get; }

    /// <summary>The errors that concern a node, by node id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ValidationError>> ByNode { get; }

    /// <summary>The errors that concern no node (header, fragments, limits).</summary>
    public IReadOnlyList<ValidationError> General { get; }

    /// <summary>True when the document may be published.</summary>
    public bool IsValid => All.Count == 0;

    /// <summary>The errors of node <paramref name="nodeId"/> (none when it has none).</summary>
    public IReadOnlyList<ValidationError> For(string nodeId) => ByNode.GetValueOrDefault(nodeId, None);
}
