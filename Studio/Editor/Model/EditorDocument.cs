using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;

namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// The resource being edited in the studio: its header and the trees of its sections as mutable nodes, an index
/// of nodes by id, and the history of edits. Read from text by the engine's loader, written back by its writer
/// (so an unchanged document gives the writer's text) and checked by its validator; the canvas, the inspector and
/// the YAML view all render this one model and change it through its commands.
/// </summary>
public sealed partial class EditorDocument
{
    private Content _content;

    /// <summary>An empty document (no header, no trees).</summary>
    public EditorDocument(ResourceValidator validator, string source = "<editor>")
        : this(validator, source, DocumentFormat.Yaml, Content.Empty())
    {
    }

    private EditorDocument(ResourceValidator validator, string source, DocumentFormat format, Content content)
    {
        Validator = validator;
        Source = source;
        Format = format;
        _content = content;
    }

    /// <summary>
    /// Reads a document from YAML or JSON text (JSON when it starts with <c>{</c>, unless <paramref name="format"/> says).
    /// </summary>
    /// <exception cref="ResourceLoadException">The text cannot be read; names the line and column.</exception>
    public static EditorDocument Load(string text, ResourceValidator validator, string source = "<editor>", DocumentFormat? format = null)
    {
        var document = ResourceLoader.Load(text, source, format);
        return From(document, validator, format ?? (text.TrimStart().StartsWith('{') ? DocumentFormat.Json : DocumentFormat.Yaml));
    }

    /// <summary>The editable form of a loaded document.</summary>
    public static EditorDocument From(ResourceDocument document, ResourceValidator validator, DocumentFormat format = DocumentFormat.Yaml) =>
        new(validator, document.Source, format, Content.From(document));

    /// <summary>Where the document came from (a file name or a label).</summary>
    public string Source { get; }

    /// <summary>The format <see cref="ToText"/> writes by default.</summary>
    public DocumentFormat Format { get; set; }

    /// <summary>The engine's validator, and through it the catalogue of processors.</summary>
    public ResourceValidator Validator { get; }

    /// <summary>The processors the document may use.</summary>
    public ProcessorCatalogue Catalogue => Validator.Catalogue;

    /// <summary>The edits that can be undone and redone, the change counter and the dirty flag.</summary>
    public UndoStack History { get; } = new();

    /// <summary>Raised after every edit, undo, redo and save.</summary>
    public event EventHandler<DocumentChangedEventArgs>? Changed
    {
        add => History.Changed += value;
        remove => History.Changed -= value;
    }

    /// <summary>Counts every change (edits, undos, redos).</summary>
    public long Version => History.Version;

    /// <summary>True when the document differs from its last saved state.</summary>
    public bool IsDirty => History.IsDirty;

    /// <summary>The header.</summary>
    public EditorHeader Header => _content.Header;

    /// <summary>The security section (root null when absent).</summary>
    public EditorSection Security => _content.Security;

    /// <summary>The fragments, in document order.</summary>
    public IReadOnlyList<EditorSection> Fragments => _content.Fragments;

    /// <summary>The process section.</summary>
    public EditorSection Process => _content.Process;

    /// <summary>The output section (root null when absent: the response).</summary>
    public EditorSection Output => _content.Output;

    /// <summary>Every section in document order: security, the fragments, process, output.</summary>
    public IReadOnlyList<EditorSection> Sections => [_content.Security, .. _content.Fragments, _content.Process, _content.Output];

    /// <summary>
    /// Problems the loader found in the header (a value of the wrong type, an unknown key), which the model could
    /// not keep; each is reported by <see cref="Validate"/> until its key is set again or the text is replaced.
    /// </summary>
    public IReadOnlyList<string> LoadProblems => _content.LoadProblems;

    /// <summary>How many nodes the document holds.</summary>
    public int NodeCount => _content.Index.Count;

    /// <summary>The fragment named <paramref name="name"/>, or null.</summary>
    public EditorSection? Fragment(string name) =>
        _content.Fragments.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>Every node, in document order.</summary>
    public IEnumerable<EditorNode> Nodes() => Sections.SelectMany(s => s.Nodes());

    /// <summary>The node with this id (the first, when a loaded document repeats it), or null.</summary>
    public EditorNode? FindNode(string id) => _content.Index.Find(id);

    /// <summary>Every node with this id: more than one only in a document the validator refuses.</summary>
    public IReadOnlyList<EditorNode> NodesWithId(string id) => _content.Index.All(id);

    /// <summary>True when a node of the document has this id.</summary>
    public bool IsIdUsed(string id) => _content.Index.Contains(id);

    /// <summary>True when <paramref name="section"/> is one of this document's sections now.</summary>
    public bool Holds(EditorSection section) =>
        ReferenceEquals(section, _content.Security) || ReferenceEquals(section, _content.Process)
        || ReferenceEquals(section, _content.Output) || _content.Fragments.Contains(section);

    /// <summary>True when <paramref name="value"/> is in one of this document's trees now.</summary>
    public bool Holds(EditorValue value) => value.Section is { } section && Holds(section);

    /// <summary>
    /// The nodes whose id or processor (machine name or title) contains <paramref name="query"/>, ignoring case:
    /// exact ids first, then exact processors, then ids starting with it, then the rest; each group in document order.
    /// </summary>
    public IReadOnlyList<EditorNode> Find(string query)
    {
        query = query.Trim();
        if (query.Length == 0)
        {
            return [];
        }
        var found = new List<(int Rank, int Order, EditorNode Node)>();
        var order = 0;
        foreach (var node in Nodes())
        {
            var rank = Rank(node, query);
            if (rank >= 0)
            {
                found.Add((rank, order, node));
            }
            order++;
        }
        found.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Order.CompareTo(b.Order));
        return found.Select(f => f.Node).ToList();
    }

    private int Rank(EditorNode node, string query)
    {
        const StringComparison ignoreCase = StringComparison.OrdinalIgnoreCase;
        if (node.Id.Equals(query, ignoreCase))
        {
            return 0;
        }
        if (node.Processor.Equals(query, ignoreCase))
        {
            return 1;
        }
        if (node.Id.StartsWith(query, ignoreCase))
        {
            return 2;
        }
        if (node.Id.Contains(query, ignoreCase) || node.Processor.Contains(query, ignoreCase)
            || Catalogue.Find(node.Processor)?.Details.Name.Contains(query, ignoreCase) == true)
        {
            return 3;
        }
        return -1;
    }

    /// <summary>The document as the engine's model, for the writer, the validator or the planner.</summary>
    public ResourceDocument ToResourceDocument()
    {
        var content = _content;
        var header = content.Header;
        var keys = new HashSet<string>(header.Keys, StringComparer.Ordinal);
        AddKey(keys, "security", content.Security.Root);
        AddKey(keys, "process", content.Process.Root);
        AddKey(keys, "output", content.Output.Root);
        if (content.Fragments.Count > 0 || content.FragmentsWritten)
        {
            keys.Add("fragments");
        }
        return new ResourceDocument
        {
            Source = Source,
            Keys = keys,
            Name = header.Name,
            Description = header.Description,
            Account = header.Account,
            Application = header.Application,
            AppId = header.AppId,
            Uri = header.Uri,
            Method = header.Method,
            Ttl = header.Ttl,
            Queued = header.Queued,
            Security = ElementOf(content.Security.Root),
            Fragments = content.Fragments
                .Select(f => new KeyValuePair<string, Element>(f.Name!, ElementOf(f.Root) ?? new LiteralElement(null)))
                .ToList(),
            Process = ElementOf(content.Process.Root),
            Output = ElementOf(content.Output.Root),
            OpenApi = header.OpenApi,
            Tests = header.Tests,
            HeaderErrors = content.LoadProblems.ToList(),
        };
    }

    /// <summary>The document as text, written by the engine's writer (canonical key order) in <paramref name="format"/>.</summary>
    public string ToText(DocumentFormat? format = null) => ResourceWriter.Write(ToResourceDocument(), format ?? Format);

    /// <summary>
    /// Runs the engine's validator on the document as it is now; rules about the application and the published
    /// identities need an <paramref name="environment"/>.
    /// </summary>
    public EditorValidation Validate(IResourceEnvironment? environment = null) =>
        new(Validator.Validate(ToResourceDocument(), environment));

    /// <summary>Undoes the last edit; false when there is none.</summary>
    public bool Undo() => History.Undo();

    /// <summary>Redoes the last undone edit; false when there is none.</summary>
    public bool Redo() => History.Redo();

    private static void AddKey(HashSet<string> keys, string key, EditorValue? root)
    {
        if (root is not null)
        {
            keys.Add(key);
        }
    }

    private static Element? ElementOf(EditorValue? value) => value is null ? null : EditorElements.ToElement(value);

    /// <summary>Everything a whole-text replace swaps: header, sections, the node index and the load problems.</summary>
    private sealed class Content
    {
        private Content(EditorHeader header, IEnumerable<string> loadProblems, bool fragmentsWritten)
        {
            Header = header;
            LoadProblems = loadProblems.ToList();
            FragmentsWritten = fragmentsWritten;
        }

        public EditorHeader Header { get; }

        public EditorSection Security { get; } = new(SectionKind.Security);

        public EditorSection Process { get; } = new(SectionKind.Process);

        public EditorSection Output { get; } = new(SectionKind.Output);

        public List<EditorSection> Fragments { get; } = [];

        public NodeIndex Index { get; } = new();

        public List<string> LoadProblems { get; }

        /// <summary>True when the text had a <c>fragments</c> key, even an empty one.</summary>
        public bool FragmentsWritten { get; }

        public static Content Empty() => new(new EditorHeader(), [], false);

        public static Content From(ResourceDocument document)
        {
            var content = new Content(EditorHeader.From(document), document.HeaderErrors, document.Keys.Contains("fragments"));
            content.SetRoot(content.Security, document.Security);
            foreach (var (name, element) in document.Fragments)
            {
                var fragment = new EditorSection(SectionKind.Fragment, name);
                content.Fragments.Add(fragment);
                content.SetRoot(fragment, element);
            }
            content.SetRoot(content.Process, document.Process);
            content.SetRoot(content.Output, document.Output);
            return content;
        }

        private void SetRoot(EditorSection section, Element? element)
        {
            if (element is null)
            {
                return;
            }
            var root = EditorElements.FromElement(element);
            root.AttachAsRoot(section);
            section.Root = root;
            Index.Add(root);
        }
    }
}
