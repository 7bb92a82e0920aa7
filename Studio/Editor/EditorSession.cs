using System.Globalization;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using ApiStudio.Studio.Editor.Model;

namespace ApiStudio.Studio.Editor;

/// <summary>Where the resource being edited stands against what is stored.</summary>
public enum EditorStatus
{
    /// <summary>Served as it is; no draft.</summary>
    Published,

    /// <summary>A saved draft differs from the version served.</summary>
    PublishedWithDraft,

    /// <summary>Only a draft exists: nothing is served yet.</summary>
    DraftOnly,
}

/// <summary>
/// The resource one designer edits: its stored state (published version, draft and its revision) and the text being
/// edited, checked with the engine's loader and one validator after every change, saved and published through
/// <see cref="ResourceAdmin"/> — the same service, rules and revision checks as the admin API.
/// </summary>
public sealed class EditorSession(ResourceAdmin resources, ResourceRegistry registry)
{
    private string _savedText = "";

    /// <summary>The resource id.</summary>
    public long Resid { get; private set; }

    /// <summary>Account of the resource.</summary>
    public string Account { get; private set; } = "";

    /// <summary>Application of the resource.</summary>
    public string Application { get; private set; } = "";

    /// <summary>The resource's name as stored.</summary>
    public string Name { get; private set; } = "";

    /// <summary>Format of the text (YAML unless the resource was written in JSON).</summary>
    public DocumentFormat Format { get; private set; } = DocumentFormat.Yaml;

    /// <summary>The revision the next save or publish is made over (the draft's, or the published version's).</summary>
    public long Revision { get; private set; }

    /// <summary>The newest published version.</summary>
    public long Version { get; private set; }

    /// <summary>Published, with a draft, or draft only.</summary>
    public EditorStatus Status { get; private set; }

    /// <summary>The text being edited.</summary>
    public string Text { get; private set; } = "";

    /// <summary>The text of the version served (empty for a draft-only resource).</summary>
    public string PublishedText { get; private set; } = "";

    /// <summary>True while the text differs from what is saved (draft or published).</summary>
    public bool Dirty => !string.Equals(Text, _savedText, StringComparison.Ordinal);

    /// <summary>The document the text reads as; null while it cannot be read (see <see cref="LoadError"/>).</summary>
    public ResourceDocument? Document { get; private set; }

    /// <summary>Why the text cannot be read, with its position; null when it reads.</summary>
    public ResourceLoadException? LoadError { get; private set; }

    /// <summary>Every problem the validator finds in the document (empty when it may be published).</summary>
    public IReadOnlyList<ValidationError> Errors => Validation.All;

    /// <summary>The validator's findings grouped by node.</summary>
    public EditorValidation Validation { get; private set; } = new([]);

    /// <summary>
    /// The tree being edited (canvas, inspector); null until the text first reads. A text that stops reading leaves it
    /// as it was, so the canvas keeps showing the last readable tree.
    /// </summary>
    public EditorDocument? Model { get; private set; }

    /// <summary>Raised after every change of the text or the tree.</summary>
    public event Action? Changed;

    /// <summary>
    /// Runs one command of the tree (from the canvas, the inspector or the palette) and, when it succeeds, writes the
    /// tree back into the text and checks it. A refused command changes nothing and says why.
    /// </summary>
    public EditResult Apply(Func<EditorDocument, EditResult> edit)
    {
        if (Model is null)
        {
            return EditResult.Refused("The text does not read: fix it in the YAML view first.");
        }
        var result = edit(Model);
        if (result.Succeeded)
        {
            FollowModel();
        }
        return result;
    }

    /// <summary>Undoes the last change of the tree; false when there is none.</summary>
    public bool Undo() => Model?.Undo() == true && FollowModel();

    /// <summary>Redoes the last undone change; false when there is none.</summary>
    public bool Redo() => Model?.Redo() == true && FollowModel();

    /// <summary>The text follows the tree; the tree's own document is validated (the text it wrote need not be read back).</summary>
    private bool FollowModel()
    {
        Text = Model!.ToText(Format);
        Show(Model.ToResourceDocument());
        return true;
    }

    /// <summary>Reads the resource and its draft as <paramref name="caller"/> (the admin service checks the role).</summary>
    public async Task LoadAsync(Caller? caller, long resid, CancellationToken cancellationToken = default)
    {
        var row = (Map)await resources.ReadAsync(caller, resid, new ResourceQuery(null, null, null), cancellationToken).ConfigureAwait(false);
        Resid = resid;
        Account = (string)row["account"]!;
        Application = (string)row["application"]!;
        Name = row["name"] as string ?? "";
        Version = Convert.ToInt64(row["version"], CultureInfo.InvariantCulture);
        PublishedText = (string)row["document"]!;
        var status = row["status"] as string;
        Status = status switch
        {
            "draft" => EditorStatus.DraftOnly,
            "published_with_draft" => EditorStatus.PublishedWithDraft,
            _ => EditorStatus.Published,
        };
        var text = PublishedText;
        var format = ResourceAdmin.FormatOf(row["format"] as string ?? "yaml");
        Revision = Version;
        if (Status != EditorStatus.Published)
        {
            var draft = await resources.DraftAsync(caller, resid, cancellationToken).ConfigureAwait(false);
            text = (string)draft["document"]!;
            format = ResourceAdmin.FormatOf(draft["format"] as string ?? "yaml");
            Revision = Convert.ToInt64(draft["revision"], CultureInfo.InvariantCulture);
        }
        Format = format;
        _savedText = text;
        Model = null;
        SetText(text);
    }

    /// <summary>
    /// Replaces the text being edited (the YAML view, an import, a revert) and checks it; the tree follows when the
    /// text reads (one undoable step), else keeps its last readable state.
    /// </summary>
    public void SetText(string text)
    {
        Text = text;
        if (Model is null)
        {
            try
            {
                Model = EditorDocument.Load(text, registry.Planner.Validator, $"resource {Resid}", Format);
            }
            catch (ResourceLoadException)
            {
                // Check() below says why.
            }
        }
        else if (!string.Equals(Model.ToText(Format), text, StringComparison.Ordinal))
        {
            Model.ReplaceText(text, Format);
        }
        Check();
    }

    /// <summary>Loads the text and runs the validator; keeps the load error (with line and column) when it does not read.</summary>
    public void Check()
    {
        try
        {
            Show(ResourceLoader.Load(Text, $"resource {Resid}", Format));
        }
        catch (ResourceLoadException ex)
        {
            Document = null;
            LoadError = ex;
            Validation = new EditorValidation([]);
            Changed?.Invoke();
        }
    }

    private void Show(ResourceDocument document)
    {
        Document = document;
        LoadError = null;
        Validation = new EditorValidation(registry.Planner.Validator.Validate(document, registry.EnvironmentFor(Resid)));
        Changed?.Invoke();
    }

    /// <summary>
    /// Saves the text as the draft over <see cref="Revision"/>; it may be invalid and is never served. A draft changed by
    /// someone else since it was read is refused (409) and nothing is overwritten.
    /// </summary>
    public async Task SaveDraftAsync(Caller? caller, CancellationToken cancellationToken = default)
    {
        var saved = await resources.SaveDraftAsync(caller, Resid, Text, Format, Revision, cancellationToken).ConfigureAwait(false);
        Revision = Convert.ToInt64(saved["revision"], CultureInfo.InvariantCulture);
        _savedText = Text;
        if (Status == EditorStatus.Published)
        {
            Status = EditorStatus.PublishedWithDraft;
        }
    }

    /// <summary>
    /// What publishing would break for the API's clients (a removed, renamed or retyped parameter, a newly required
    /// input, another method or uri), read from the generated OpenAPI operations of the saved draft and of the version
    /// served; saves unsaved changes first. Empty when nothing breaks, when nothing is published yet, or when the draft
    /// is invalid (publishing then says why).
    /// </summary>
    public async Task<IReadOnlyList<string>> BreakingChangesAsync(Caller? caller, CancellationToken cancellationToken = default)
    {
        if (Dirty)
        {
            await SaveDraftAsync(caller, cancellationToken).ConfigureAwait(false);
        }
        if (Status != EditorStatus.PublishedWithDraft)
        {
            return [];
        }
        try
        {
            return await resources.ChangesAsync(caller, Resid, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.HttpStatus == 400)
        {
            return [];
        }
    }

    /// <summary>
    /// Publishes: saves unsaved changes as the draft first, then publishes the draft through the validator (refused with
    /// every error while invalid; the version served keeps serving). Returns the engine's warnings.
    /// </summary>
    public async Task<IReadOnlyList<string>> PublishAsync(Caller? caller, CancellationToken cancellationToken = default)
    {
        if (Dirty)
        {
            await SaveDraftAsync(caller, cancellationToken).ConfigureAwait(false);
        }
        if (Status == EditorStatus.Published)
        {
            return ["Nothing to publish: the version served is the one being edited."];
        }
        var published = await resources.PublishDraftAsync(caller, Resid, Revision, cancellationToken).ConfigureAwait(false);
        Version = Convert.ToInt64(published["version"], CultureInfo.InvariantCulture);
        Revision = Version;
        PublishedText = Text;
        _savedText = Text;
        Status = EditorStatus.Published;
        Name = Document?.Name ?? Name;
        return published.TryGetValue("warnings", out var warnings) && warnings is IEnumerable<object?> list
            ? list.Select(w => w?.ToString() ?? "").ToList()
            : [];
    }
}
