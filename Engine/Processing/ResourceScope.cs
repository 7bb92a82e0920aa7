namespace ApiStudio.Engine.Processing;

/// <summary>The account and application a request is served in (set by the host; null in a bare engine).</summary>
/// <param name="Accid">Account id.</param>
/// <param name="Appid">Application id.</param>
/// <param name="Account">Account name.</param>
/// <param name="Application">Application name.</param>
public sealed record ResourceScope(long Accid, long Appid, string Account, string Application);
