using ApiStudio.Engine.Resources;

namespace ApiStudio.Engine.Validation;

/// <summary>
/// The rules of a document's header keys: required keys, method, ttl, uri, the application the resource
/// belongs to and, with an environment, that the application exists and the identity is free.
/// </summary>
internal static class HeaderRules
{
    /// <summary>The methods a resource may answer, as stored (lower-case).</summary>
    public static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static void Check(ResourceDocument document, IResourceEnvironment? environment, ValidationReport report)
    {
        Required(document, "name", document.Name, report);
        Required(document, "description", document.Description, report);
        var uriValid = Required(document, "uri", document.Uri, report) && UriRules.Check(document.Uri!, report);
        var methodValid = Required(document, "method", document.Method, report) && CheckMethod(document.Method!, report);
        if (Required(document, "ttl", document.Ttl, report) && document.Ttl < 0)
        {
            report.Add(null, "ttl", $"'ttl' must be 0 or more seconds; got {document.Ttl}.");
        }
        if (Required(document, "process", document.Process, report) && document.Process is LiteralElement { Value: null })
        {
            // An empty 'process:' is far more likely an unfinished document than a wish to return nothing.
            report.Add(null, "process", "'process' must not be empty: give a processor node or a literal.");
        }
        var application = CheckApplication(document, environment, report);
        if (environment is not null && application is { } app && uriValid && methodValid
            && environment.IdentityTaken(app.Account, app.Application, document.Method!, document.Uri!))
        {
            report.Add(null, "uri",
                $"Another resource already has the identity ({app.Account}, {app.Application}, {document.Method}, {document.Uri}).");
        }
    }

    /// <summary>
    /// Checks that a required key is present and not empty; false when it is not usable. A key that is present with a
    /// value the loader could not read was reported by the loader already.
    /// </summary>
    private static bool Required(ResourceDocument document, string key, object? value, ValidationReport report)
    {
        if (value is null && !document.Keys.Contains(key))
        {
            report.Add(null, key, $"'{key}' is required.");
            return false;
        }
        return NotEmpty(document, key, value, report);
    }

    /// <summary>For a key that is present: false (and reported) when its value is empty.</summary>
    private static bool NotEmpty(ResourceDocument document, string key, object? value, ValidationReport report)
    {
        if (value is null || value is string text && string.IsNullOrWhiteSpace(text))
        {
            if (!ReportedByLoader(document, key))
            {
                report.Add(null, key, $"'{key}' must not be empty.");
            }
            return false;
        }
        return true;
    }

    private static bool ReportedByLoader(ResourceDocument document, string key)
    {
        foreach (var message in document.HeaderErrors)
        {
            if (message.StartsWith($"'{key}' ", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static bool CheckMethod(string method, ValidationReport report)
    {
        if (Array.IndexOf(Methods, method) >= 0)
        {
            return true;
        }
        report.Add(null, "method", $"'method' must be one of {string.Join(", ", Methods)}; got '{method}'.");
        return false;
    }

    /// <summary>
    /// Checks account + application or an ApiOpenStudio appid; returns the (account, application) the resource belongs
    /// to when it is known and exists.
    /// </summary>
    private static (string Account, string Application)? CheckApplication(
        ResourceDocument document, IResourceEnvironment? environment, ValidationReport report)
    {
        var account = Optional(document, "account", document.Account, report);
        var application = Optional(document, "application", document.Application, report);
        var appIdPresent = document.AppId is not null || document.Keys.Contains("appid");
        if (document.AppId is null && appIdPresent)
        {
            NotEmpty(document, "appid", null, report);
        }
        if (account is null && application is null)
        {
            if (appIdPresent)
            {
                return document.AppId is { } appId ? FindByAppId(appId, environment, report) : null;
            }
            if (!document.Keys.Contains("account"))
            {
                report.Add(null, "account", "'account' is required (or an ApiOpenStudio 'appid').");
            }
            if (!document.Keys.Contains("application"))
            {
                report.Add(null, "application", "'application' is required (or an ApiOpenStudio 'appid').");
            }
            return null;
        }
        if (account is null || application is null)
        {
            var (missing, given) = account is null ? ("account", "application") : ("application", "account");
            if (!document.Keys.Contains(missing))
            {
                report.Add(null, missing, $"'{missing}' is required with '{given}'.");
            }
            return null;
        }
        if (environment is null)
        {
            return (account, application);
        }
        if (!environment.ApplicationExists(account, application))
        {
            report.Add(null, "application", $"Application '{application}' does not exist in account '{account}'.");
            return null;
        }
        if (document.AppId is { } id && environment.FindApplication(id) is { } byId
            && (byId.Account != account || byId.Application != application))
        {
            report.Add(null, "appid",
                $"'appid' {id} is application '{byId.Application}' of account '{byId.Account}', not '{application}' of '{account}'.");
        }
        return (account, application);
    }

    private static string? Optional(ResourceDocument document, string key, string? value, ValidationReport report)
    {
        if (value is null && !document.Keys.Contains(key))
        {
            return null;
        }
        return NotEmpty(document, key, value, report) ? value : null;
    }

    private static (string Account, string Application)? FindByAppId(long appId, IResourceEnvironment? environment, ValidationReport report)
    {
        if (environment is null)
        {
            return null;
        }
        if (environment.FindApplication(appId) is { } found)
        {
            return found;
        }
        report.Add(null, "appid", $"No application has the id {appId}.");
        return null;
    }
}
