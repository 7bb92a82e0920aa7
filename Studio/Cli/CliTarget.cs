namespace ApiStudio.Studio.Cli;

/// <summary>The <c>--account</c>/<c>--application</c> pair of a command: both or neither.</summary>
public static class CliTarget
{
    /// <summary>The pair, or null when neither is given.</summary>
    /// <exception cref="CliException">Only one of them is given, or one is empty.</exception>
    public static (string Account, string Application)? From(string? account, string? application)
    {
        if (account is null && application is null)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(account) || string.IsNullOrWhiteSpace(application))
        {
            throw new CliException("Give both --account and --application, or neither.");
        }
        return (account, application);
    }
}
