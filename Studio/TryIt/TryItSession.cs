using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Testing;
using ApiStudio.Engine.Values;
using ApiStudio.Studio.Editor;

namespace ApiStudio.Studio.TryIt;

/// <summary>One request tried and its answer.</summary>
/// <param name="Path">The path sent, after the application, with its query.</param>
/// <param name="Request">The <c>request</c> of an example that sends the same (see <see cref="TryItForm.ToExampleRequest"/>).</param>
/// <param name="Response">The engine's answer.</param>
/// <param name="Wrap">Whether the application wraps answers in <c>{"result", "data"}</c>.</param>
public sealed record TryItAnswer(string Path, Map Request, LocalResponse Response, bool Wrap)
{
    private readonly (bool IsJson, object? Value) _json = ReadJson(Response);

    /// <summary>True when the whole body is JSON.</summary>
    public bool IsJson => _json.IsJson;

    /// <summary>The body parsed as JSON, or null when it is not JSON (<see cref="IsJson"/>).</summary>
    public object? Json => _json.Value;

    /// <summary>
    /// The body to show: indented when it is JSON, without the envelope's <c>trace</c> (shown as the trace); as text
    /// otherwise.
    /// </summary>
    public string ShownBody
    {
        get
        {
            if (!IsJson)
            {
                return Response.Text;
            }
            if (Response.Trace is not null && Json is Map envelope && envelope.ContainsKey("trace"))
            {
                envelope = new Map(envelope);
                envelope.Remove("trace");
                return PlainJson.Serialize(envelope, indented: true);
            }
            return PlainJson.Serialize(Json, indented: true);
        }
    }

    /// <summary>The data an example compares: the envelope's <c>data</c>, or the whole JSON body when unwrapped.</summary>
    public bool TryGetData(out object? data)
    {
        data = null;
        if (!IsJson)
        {
            return false;
        }
        if (!Wrap)
        {
            data = Json;
            return true;
        }
        return Json is Map envelope && envelope.TryGetValue("data", out data);
    }

    private static (bool, object?) ReadJson(LocalResponse response) =>
        !response.Truncated && response.Body.Length > 0 && PlainJson.TryParse(response.Text, out var json) ? (true, json) : (false, null);
}

/// <summary>
/// What the Try it panel does with the engine: sends a form to the draft or the published version
/// (<see cref="LocalRequests"/>), runs the resource's <c>tests:</c>, and turns a try into a new example of the
/// resource's text. Refusals of the engine, and its own, come out as the engine's <see cref="ApiException"/>.
/// </summary>
public sealed class TryItSession(LocalRequests requests, ResourceRegistry registry)
{
    /// <summary>
    /// What a try goes to first: the draft when there is one or the text has unsaved changes (which the draft holds once
    /// saved), else the published version.
    /// </summary>
    public static LocalTarget DefaultTarget(EditorSession editor) =>
        editor.Status != EditorStatus.Published || editor.Dirty ? LocalTarget.Draft : LocalTarget.Published;

    /// <summary>
    /// The uri and method of what <paramref name="target"/> runs: the text being edited for the draft, the version
    /// served for the published one; nulls while that text does not read.
    /// </summary>
    public static (string? Uri, string? Method) ResourceOf(EditorSession editor, LocalTarget target)
    {
        if (target == LocalTarget.Draft)
        {
            return (editor.Document?.Uri, editor.Document?.Method);
        }
        try
        {
            var published = ResourceLoader.Load(editor.PublishedText, $"resource {editor.Resid}");
            return (published.Uri, published.Method);
        }
        catch (ResourceLoadException)
        {
            return (null, null);
        }
    }

    /// <summary>Sends the form to resource <paramref name="resid"/> of <paramref name="account"/>/<paramref name="application"/>.</summary>
    public async Task<TryItAnswer> SendAsync(Caller? caller, long resid, string account, string application, TryItForm form,
        CancellationToken cancellationToken = default)
    {
        var request = form.ToExampleRequest();
        var path = form.Path;
        var response = await requests.SendAsync(caller, resid, form.Target, form.ToRequest(), cancellationToken).ConfigureAwait(false);
        var wrap = registry.FindApplication(account, application)?.Settings.Wrap ?? true;
        return new TryItAnswer(path, request, response, wrap);
    }

    /// <summary>Runs the examples of the target's <c>tests:</c> (the saved draft, or the published version).</summary>
    public Task<IReadOnlyList<ExampleResult>> RunTestsAsync(Caller? caller, long resid, LocalTarget target,
        CancellationToken cancellationToken = default) =>
        requests.RunExamplesAsync(caller, resid, target, cancellationToken);

    /// <summary>
    /// An example expecting what <paramref name="answer"/> gave: its status and, when the body is JSON, its data.
    /// </summary>
    public static Map ToExample(string name, TryItAnswer answer)
    {
        var expect = new Map { ["status"] = (long)answer.Response.Status };
        if (answer.TryGetData(out var data))
        {
            expect["data"] = data;
        }
        return new Map { ["name"] = name, ["request"] = answer.Request, ["expect"] = expect };
    }

    /// <summary>A name for an example of a try: <c>GET todo/42 answers 200</c>.</summary>
    public static string NameOf(TryItAnswer answer) =>
        $"{(answer.Request.GetValueOrDefault("method") as string ?? "get").ToUpperInvariant()} {answer.Path} answers {answer.Response.Status}";

    /// <summary>
    /// The resource text with <paramref name="example"/> added at the end of its <c>tests</c>: read by the engine's
    /// loader, written back by <see cref="ResourceWriter"/> (keys in their canonical order; comments are not kept).
    /// Refused with the reason when the text does not read, or its header or <c>tests</c> have problems that writing it
    /// back would lose.
    /// </summary>
    public static string AddExample(string text, DocumentFormat format, Map example)
    {
        ResourceDocument document;
        try
        {
            document = ResourceLoader.Load(text, "the text being edited", format);
        }
        catch (ResourceLoadException ex)
        {
            throw Refusal($"The text does not read, so no test can be added: {ex.Message}");
        }
        if (document.HeaderErrors.Count > 0)
        {
            throw Refusal("Fix the document first, so nothing is lost when the test is added: " + string.Join(" ", document.HeaderErrors));
        }
        if (document.Tests is not (null or List<object?>))
        {
            throw Refusal("'tests' must be a list of examples before one can be added to it.");
        }
        var tests = document.Tests is List<object?> existing ? new List<object?>(existing) : [];
        tests.Add(example);
        var plain = ResourceWriter.ToPlain(document);
        plain["tests"] = tests;
        return ResourceWriter.Write(plain, format);
    }

    /// <summary>
    /// A failure as the runner words it, split where it compares (<c>expected data "a", got "b"</c>) into what was
    /// expected and what came; <c>Got</c> is null when the failure does not compare.
    /// </summary>
    public static (string Expected, string? Got) Compare(string failure)
    {
        var at = failure.IndexOf(", got ", StringComparison.Ordinal);
        if (!failure.StartsWith("expected ", StringComparison.Ordinal) || at < 0)
        {
            return (failure, null);
        }
        return (failure[..at], "got " + failure[(at + ", got ".Length)..]);
    }

    private static ApiException Refusal(string message) => new(message, ErrorCodes.InvalidInput, null, 400);
}
