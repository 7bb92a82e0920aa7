using System.Security.Cryptography;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>A random text from a cryptographically secure generator.</summary>
public sealed class VarRand : Processor
{
    /// <summary>The longest text the processor produces.</summary>
    public const int MaxLength = 4096;

    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Numeric = "0123456789";
    private const string Special = "!#$%&()*+,-./:;<=>?@[]^_{|}~";

    // One alphabet per combination of the four switches (bit 0 lower … bit 3 special), built once.
    private static readonly string[] Alphabets = Enumerable.Range(0, 16).Select(mask =>
        ((mask & 1) != 0 ? Lower : "") + ((mask & 2) != 0 ? Upper : "") +
        ((mask & 4) != 0 ? Numeric : "") + ((mask & 8) != 0 ? Special : "")).ToArray();

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Random",
        $"A random text of length characters (1 to {MaxLength}) drawn from the chosen character sets, " +
        "from a cryptographically secure generator.",
        new InputSpec("length", $"The number of characters, 1 to {MaxLength}.") { LimitTypes = [DataType.Integer], Default = 8L },
        new InputSpec("lower", "Use lower-case letters.") { LimitTypes = [DataType.Boolean], Default = true },
        new InputSpec("upper", "Use upper-case letters.") { LimitTypes = [DataType.Boolean], Default = true },
        new InputSpec("numeric", "Use digits.") { LimitTypes = [DataType.Boolean], Default = true },
        new InputSpec("special", $"Use the special characters {Special}") { LimitTypes = [DataType.Boolean], Default = false })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var length = context.Val("length").AsInteger(context.NodeId);
        if (length is < 1 or > MaxLength)
        {
            throw context.Error($"Input 'length' must be between 1 and {MaxLength}, got {length} (node '{context.NodeId}').");
        }
        var mask = (context.Val("lower").AsBoolean() ? 1 : 0) | (context.Val("upper").AsBoolean() ? 2 : 0)
            | (context.Val("numeric").AsBoolean() ? 4 : 0) | (context.Val("special").AsBoolean() ? 8 : 0);
        if (mask == 0)
        {
            throw context.Error($"Node '{context.NodeId}' needs at least one of lower, upper, numeric or special.");
        }
        return DataContainer.Text(RandomNumberGenerator.GetString(Alphabets[mask], (int)length));
    }
}
