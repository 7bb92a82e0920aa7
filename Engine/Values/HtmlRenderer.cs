using System.Net;
using System.Text;

namespace ApiStudio.Engine.Values;

/// <summary>
/// Renders values as complete HTML5 documents: maps as <c>&lt;dl&gt;</c>, lists as <c>&lt;ul&gt;</c>, scalars as
/// HTML-encoded text. Nothing from the data is ever written unencoded, so data cannot inject markup.
/// Rendering is iterative: deep data cannot overflow the stack.
/// </summary>
public static class HtmlRenderer
{
    /// <summary>The title of rendered documents.</summary>
    public const string DefaultTitle = "ApiStudio";

    /// <summary>A document showing a plain value (null, bool, long, double, string, list, map, bytes).</summary>
    public static string Document(object? plain, string title = DefaultTitle)
    {
        var html = Open(title);
        if (plain is Map or List<object?>)
        {
            AppendValue(html, plain);
        }
        else if (plain is not null)
        {
            html.Append("<p>");
            AppendValue(html, plain);
            html.Append("</p>");
        }
        return Close(html);
    }

    /// <summary>A document showing an image inline (a data URI); bytes of unknown kind are shown as base64 text.</summary>
    public static string ImageDocument(BinaryValue image, string title = DefaultTitle)
    {
        var mediaType = MediaTypes.ImageTypeOf(image);
        if (mediaType is null)
        {
            return Document(Convert.ToBase64String(image.Content), title);
        }
        var html = Open(title);
        // The media type is one of a fixed set and base64 has no quote or markup character: nothing to escape.
        html.Append("<img alt=\"\" src=\"data:").Append(mediaType).Append(";base64,")
            .Append(Convert.ToBase64String(image.Content)).Append("\">");
        return Close(html);
    }

    private static StringBuilder Open(string title) =>
        new StringBuilder(256)
            .Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(WebUtility.HtmlEncode(title))
            .Append("</title>\n</head>\n<body>\n");

    private static string Close(StringBuilder html) => html.Append("\n</body>\n</html>\n").ToString();

    private static void AppendValue(StringBuilder html, object? root)
    {
        var work = new Stack<Step>();
        work.Push(new Step(root, null));
        while (work.Count > 0)
        {
            var step = work.Pop();
            if (step.Markup is not null)
            {
                html.Append(step.Markup);
                continue;
            }
            var value = step.Value;
            while (value is DataContainer container)
            {
                value = container.ToPlain();
            }
            switch (value)
            {
                case Map map:
                    html.Append("<dl>");
                    work.Push(new Step(null, "</dl>"));
                    for (var i = map.Count - 1; i >= 0; i--)
                    {
                        var (key, item) = map.GetAt(i);
                        work.Push(new Step(null, "</dd>"));
                        work.Push(new Step(item, null));
                        work.Push(new Step(null, "<dt>" + WebUtility.HtmlEncode(key) + "</dt><dd>"));
                    }
                    break;
                case List<object?> list:
                    html.Append("<ul>");
                    work.Push(new Step(null, "</ul>"));
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        work.Push(new Step(null, "</li>"));
                        work.Push(new Step(list[i], null));
                        work.Push(new Step(null, "<li>"));
                    }
                    break;
                case BinaryValue bin:
                    html.Append(WebUtility.HtmlEncode(ValueCaster.FileText(bin.Content)));
                    break;
                default:
                    html.Append(WebUtility.HtmlEncode(XmlJsonConverter.ScalarText(value)));
                    break;
            }
        }
    }

    /// <summary>A value to render (Markup null) or markup to append as is.</summary>
    private readonly record struct Step(object? Value, string? Markup);
}
