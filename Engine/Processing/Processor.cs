using System.Text;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// Base class of every processor: declares <see cref="Details"/> and implements <see cref="Process"/> (synchronous
/// work) or <see cref="ProcessAsync"/> (I/O). One instance serves every request: processors keep no per-request state.
/// </summary>
public abstract class Processor
{
    private string? _machineName;
    private string? _menu;

    /// <summary>The processor's declaration.</summary>
    public abstract ProcessorDetails Details { get; }

    /// <summary>snake_case of the class name: <c>IfThenElse</c> → <c>if_then_else</c>.</summary>
    public string MachineName => _machineName ??= ToSnakeCase(GetType().Name);

    /// <summary>The palette menu: declared, or derived from the namespace's last segment.</summary>
    public string Menu => _menu ??= Details.Menu ?? MenuFromNamespace(GetType().Namespace);

    /// <summary>
    /// Runs the processor once its non-conditional inputs are evaluated. Override this for I/O-bound work;
    /// the default calls <see cref="Process"/>.
    /// </summary>
    public virtual ValueTask<NodeResult> ProcessAsync(NodeContext context) => new(Process(context));

    /// <summary>Synchronous work: return a value, or (conditional processors) <see cref="NodeResult.Evaluate"/> a branch.</summary>
    protected virtual NodeResult Process(NodeContext context) =>
        throw new ApiException($"Processor {MachineName} implements neither Process nor ProcessAsync.",
            ErrorCodes.Configuration, context.NodeId);

    /// <summary>snake_case of a PascalCase name (<c>VarGet</c> → <c>var_get</c>, <c>XmlPath</c> → <c>xml_path</c>).</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var startsWord = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (previousIsLowerOrDigit || startsWord)
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static string MenuFromNamespace(string? ns)
    {
        var last = ns is null ? "Other" : ns[(ns.LastIndexOf('.') + 1)..];
        var words = ToSnakeCase(last).Replace('_', ' ');
        return words.Length == 0 ? "Other" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
