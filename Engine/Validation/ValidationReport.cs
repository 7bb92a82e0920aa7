namespace ApiStudio.Engine.Validation;

/// <summary>The errors of one validation run, all naming the same resource.</summary>
internal sealed class ValidationReport(string resource)
{
    /// <summary>Every error, in the order found.</summary>
    public List<ValidationError> Errors { get; } = [];

    /// <summary>Records a broken rule.</summary>
    public void Add(string? nodeId, string? input, string message) =>
        Errors.Add(new ValidationError(resource, nodeId, input, message));
}
