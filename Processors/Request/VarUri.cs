using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Request;

/// <summary>A URI argument: positional (<c>index</c>) or a <c>{name}</c> segment of the resource uri (<c>key</c>).</summary>
public sealed class VarUri : Processor, IRequestValueReader
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "URI variable",
        "A URI argument, as text: give exactly one of index (the position after the resource uri, from 0) " +
        "or key (the name of a {name} segment of the resource uri).",
        new InputSpec("index", "The position of the argument after the resource uri, starting at 0.")
        {
            LimitTypes = [DataType.Integer],
        },
        new InputSpec("key", "The name of a {name} segment of the resource uri.") { LimitTypes = [DataType.Text] },
        RequestVariable.ExpectedType,
        RequestVariable.Nullable)
    {
        Returns = [DataType.Text, DataType.Undefined],
        ReturnsTypeOf = "expected_type",
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        if (context.Has("index") == context.Has("key"))
        {
            throw context.Error($"Node '{context.NodeId}' needs exactly one of the inputs 'index' and 'key'.");
        }
        if (context.Has("key"))
        {
            var key = context.Val("key").AsText(context.NodeId);
            context.Request.UriKeys.TryGetValue(key, out var named);
            return RequestVariable.Result(context, DataContainer.Text(named), "URI variable", key);
        }
        var index = context.Val("index").AsInteger(context.NodeId);
        if (index < 0)
        {
            throw context.Error($"Input 'index' must be 0 or more, got {index} (node '{context.NodeId}').");
        }
        var arguments = context.Request.UriArguments;
        var value = index < arguments.Count ? DataContainer.Text(arguments[(int)index]) : DataContainer.Undefined;
        return RequestVariable.Result(context, value, "URI variable", index.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public string? Missing(NodePlan node, ApiRequest request)
    {
        if (node.KnownValue("index") is { Data: long index } && node.KnownValue("key") is { IsUndefined: true })
        {
            return node.KnownValue("nullable") is { Data: false } && index >= 0 && index >= request.UriArguments.Count
                ? RequestVariable.MissingMessage("URI variable", index.ToString(CultureInfo.InvariantCulture))
                : null;
        }
        return node.KnownValue("index") is { IsUndefined: true }
            ? RequestVariable.MissingBeforehand(node, "URI variable", key =>
                DataContainer.Text(request.UriKeys.TryGetValue(key, out var named) ? named : null))
            : null;
    }
}
