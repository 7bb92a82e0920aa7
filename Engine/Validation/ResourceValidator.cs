using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Testing;

namespace ApiStudio.Engine.Validation;

/// <summary>
/// The one validator of resource documents, used by import, the admin API, the CLI and the studio.
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

    /// <summary>
    /// Every problem of the document; empty when it may be published. Rules about the application and the identity
    /// need an <paramref name="environment"/> and are skipped without one. Never throws on a loaded document.
    /// </summary>
    public IReadOnlyList<ValidationError> Validate(ResourceDocument document, IResourceEnvironment? environment = null)
    {
        var report = new ValidationReport(document.Label);
        foreach (var message in document.HeaderErrors)
        {
            report.Add(null, null, message);
        }
        HeaderRules.Check(document, environment, report);
        new TreeRules(Catalogue, document, report).Check();
        if (document.OpenApi is not null and not Values.Map)
        {
            report.Add(null, "openapi", "'openapi' must be a map: an OpenAPI operation object merged into the generated one.");
        }
        var testErrors = new List<string>();
        ResourceExample.Parse(document.Tests, testErrors);
        foreach (var message in testErrors)
        {
            report.Add(null, "tests", message);
        }
        return report.Errors;
    }
}
