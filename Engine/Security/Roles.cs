namespace ApiStudio.Engine.Security;

/// <summary>The five built-in roles, most powerful first.</summary>
public static class Roles
{
    /// <summary>Everything, everywhere (when granted without account or application).</summary>
    public const string Administrator = "Administrator";

    /// <summary>Manages an account and its applications.</summary>
    public const string AccountManager = "Account manager";

    /// <summary>Manages an application.</summary>
    public const string ApplicationManager = "Application manager";

    /// <summary>Writes resources of an application.</summary>
    public const string Developer = "Developer";

    /// <summary>Calls resources of an application.</summary>
    public const string Consumer = "Consumer";

    /// <summary>Developer and every role above it (who may see traces).</summary>
    public static readonly IReadOnlyList<string> DeveloperOrAbove = [Administrator, AccountManager, ApplicationManager, Developer];
}
