namespace ApiStudio.Studio.Cli;

/// <summary>A problem a command reports as one clear sentence (exit code 1), never as a stack trace.</summary>
public sealed class CliException(string message) : Exception(message);
