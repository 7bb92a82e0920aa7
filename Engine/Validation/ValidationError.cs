namespace ApiStudio.Engine.Validation;

/// <summary>One broken validation rule, naming the resource, the node id and the input where they apply.</summary>
/// <param name="Resource">The resource label (name, else source).</param>
/// <param name="NodeId">The node the rule concerns, when there is one.</param>
/// <param name="Input">The input (or header key) the rule concerns, when there is one.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ValidationError(string Resource, string? NodeId, string? Input, string Message)
{
    /// <summary>A one-line description: <c>Resource 'Hello': node 'greeting', input 'items': message</c>.</summary>
    public override string ToString() => Describe($"Resource '{Resource}'", NodeId, Input, Message);

    /// <summary><paramref name="where"/> followed by the node, the input and the message: the shape every finding is printed in.</summary>
    public static string Describe(string where, string? nodeId, string? input, string message)
    {
        if (nodeId is not null)
        {
            where += $": node '{nodeId}'";
        }
        if (input is not null)
        {
            where += $"{(nodeId is null ? ":" : ",")} input '{input}'";
        }
        return $"{where}: {message}";
    }
}

/// <summary>
/// Something that does not block publishing but works otherwise than the document suggests (a ttl that caches
/// nothing), naming the resource and the node it concerns.
/// </summary>
/// <param name="Resource">The resource label (name, else source).</param>
/// <param name="NodeId">The node the warning concerns, when there is one.</param>
/// <param name="Message">What works otherwise, and why.</param>
public sealed record ValidationWarning(string Resource, string? NodeId, string Message)
{
    /// <summary>A one-line description: <c>Resource 'Hello': node 'body': message</c>.</summary>
    public override string ToString() => ValidationError.Describe($"Resource '{Resource}'", NodeId, null, Message);
}

/// <summary>A resource failed validation: it is not published; every problem is listed.</summary>
public sealed class ResourceValidationException(IReadOnlyList<ValidationError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}

/// <summary>
/// What validation needs to know about the host (accounts, applications, published identities). A bare engine
/// passes none and those rules are skipped.
/// </summary>
public interface IResourceEnvironment
{
    /// <summary>True when the application exists in the account.</summary>
    bool ApplicationExists(string account, string application);

    /// <summary>The (account, application) of an ApiOpenStudio application id, or null.</summary>
    (string Account, string Application)? FindApplication(long appId);

    /// <summary>True when another resource already has this identity.</summary>
    bool IdentityTaken(string account, string application, string method, string uri);
}
