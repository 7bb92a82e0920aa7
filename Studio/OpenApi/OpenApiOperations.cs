using System.Text.Json;

namespace ApiStudio.Studio.OpenApi;

/// <summary>A parameter of an operation: where it goes, its type, whether it is required.</summary>
public sealed record OpenApiParameter(string Name, string In, string Type, bool Required, string? Description);

/// <summary>A response of an operation: status code and description.</summary>
public sealed record OpenApiResponse(string Status, string Description);

/// <summary>One operation of an OpenAPI document, as the studio lists it.</summary>
public sealed record OpenApiOperation(string Method, string Path, string? Summary, string? Description, IReadOnlyList<OpenApiParameter> Parameters,
    string? RequestBody, IReadOnlyList<OpenApiResponse> Responses, IReadOnlyList<string> Security);

/// <summary>Reads the operations of an OpenAPI 3 document (JSON) for the studio's reading view.</summary>
public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>The document's title and its operations, by path then method.</summary>
    public static (string Title, IReadOnlyList<OpenApiOperation> Operations) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var title = root.TryGetProperty("info", out var info) && info.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
        var operations = new List<OpenApiOperation>();
        if (root.TryGetProperty("paths", out var paths) && paths.ValueKind == JsonValueKind.Object)
        {
            foreach (var path in paths.EnumerateObject())
            {
                var shared = Parameters(path.Value, root);
                foreach (var method in Methods)
                {
                    if (path.Value.TryGetProperty(method, out var operation))
                    {
                        operations.Add(Operation(method, path.Name, operation, shared, root));
                    }
                }
            }
        }
        return (title, operations);
    }

    private static OpenApiOperation Operation(string method, string path, JsonElement operation, List<OpenApiParameter> shared, JsonElement root)
    {
        var parameters = shared.Concat(Parameters(operation, root)).ToList();
        string? body = null;
        if (operation.TryGetProperty("requestBody", out var request) && request.TryGetProperty("content", out var content))
        {
            body = string.Join(", ", content.EnumerateObject().Select(c =>
                c.Value.TryGetProperty("schema", out var schema) ? $"{c.Name} ({TypeOf(schema, root)})" : c.Name));
        }
        var responses = operation.TryGetProperty("responses", out var answers)
            ? answers.EnumerateObject().Select(r => new OpenApiResponse(r.Name, Text(Resolve(r.Value, root), "description") ?? "")).ToList()
            : [];
        var security = operation.TryGetProperty("security", out var requirements) && requirements.ValueKind == JsonValueKind.Array
            ? requirements.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).Distinct().ToList()
            : [];
        return new(method.ToUpperInvariant(), path, Text(operation, "summary"), Text(operation, "description"), parameters, body, responses, security);
    }

    private static List<OpenApiParameter> Parameters(JsonElement owner, JsonElement root) =>
        owner.TryGetProperty("parameters", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => Resolve(p, root)).Select(p => new OpenApiParameter(
                Text(p, "name") ?? "", Text(p, "in") ?? "", p.TryGetProperty("schema", out var schema) ? TypeOf(schema, root) : "",
                p.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True, Text(p, "description"))).ToList()
            : [];

    /// <summary>A schema's type as a person reads it: <c>integer (int64)</c>, <c>array of string</c>, a component's name.</summary>
    private static string TypeOf(JsonElement schema, JsonElement root)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return reference.GetString()?.Split('/').Last() ?? "";
        }
        var type = schema.TryGetProperty("type", out var kind)
            ? kind.ValueKind == JsonValueKind.Array ? string.Join(" | ", kind.EnumerateArray().Select(k => k.GetString())) : kind.GetString() ?? ""
            : schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf)
                ? string.Join(" | ", oneOf.EnumerateArray().Select(s => TypeOf(s, root)))
                : "any";
        if (type == "array" && schema.TryGetProperty("items", out var items))
        {
            return $"array of {TypeOf(items, root)}";
        }
        return Text(schema, "format") is { } format ? $"{type} ({format})" : type;
    }

    /// <summary>The element a local <c>$ref</c> points at, else the element.</summary>
    private static JsonElement Resolve(JsonElement element, JsonElement root)
    {
        if (!element.TryGetProperty("$ref", out var reference) || reference.GetString() is not { } pointer || !pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            return element;
        }
        var current = root;
        foreach (var part in pointer[2..].Split('/'))
        {
            if (!current.TryGetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out current))
            {
                return element;
            }
        }
        return current;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
