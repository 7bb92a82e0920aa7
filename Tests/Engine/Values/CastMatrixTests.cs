using System.Reflection;
using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using T = ApiStudio.Engine.Values.DataType;

namespace ApiStudio.Tests.Engine.Values;

/// <summary>
/// Every cell of the cast matrix, cast from one sample value per type. An expected value is
/// <c>type:rendering</c> (see <see cref="Describe"/>); an expected failure is <c>!message</c>.
/// </summary>
public class CastMatrixTests
{
    private const string Xml = """<?xml version="1.0" encoding="utf-8"?>""";

    [TestCase(T.Array, T.Array, """array:{"a":1,"b":["x",true]}""")]
    [TestCase(T.Array, T.Boolean, "!Cannot cast array to boolean.")]
    [TestCase(T.Array, T.File, "file:eyJhIjoxLCJiIjpbIngiLHRydWVdfQ==;application/json")]
    [TestCase(T.Array, T.Float, "!Cannot cast array to float.")]
    [TestCase(T.Array, T.Html, "html:<dl><dt>a</dt><dd>1</dd><dt>b</dt><dd><ul><li>x</li><li>true</li></ul></dd></dl>")]
    [TestCase(T.Array, T.Image, "!Cannot cast array to image.")]
    [TestCase(T.Array, T.Integer, "!Cannot cast array to integer.")]
    [TestCase(T.Array, T.Json, """json:{"a":1,"b":["x",true]}""")]
    [TestCase(T.Array, T.Text, """text:{"a":1,"b":["x",true]}""")]
    [TestCase(T.Array, T.Undefined, "undefined")]
    [TestCase(T.Array, T.Xml, "xml:" + Xml + "<apiStudioWrapper><a>1</a><b><item>x</item><item>true</item></b></apiStudioWrapper>")]
    [TestCase(T.Boolean, T.Array, "array:[true]")]
    [TestCase(T.Boolean, T.Boolean, "boolean:true")]
    [TestCase(T.Boolean, T.File, "!Cannot cast boolean to file.")]
    [TestCase(T.Boolean, T.Float, "float:1")]
    [TestCase(T.Boolean, T.Html, "html:<p>true</p>")]
    [TestCase(T.Boolean, T.Image, "!Cannot cast boolean to image.")]
    [TestCase(T.Boolean, T.Integer, "integer:1")]
    [TestCase(T.Boolean, T.Json, "json:true")]
    [TestCase(T.Boolean, T.Text, "text:true")]
    [TestCase(T.Boolean, T.Undefined, "undefined")]
    [TestCase(T.Boolean, T.Xml, "xml:" + Xml + "<apiStudioWrapper>true</apiStudioWrapper>")]
    [TestCase(T.File, T.Array, "!Cannot cast file to array.")]
    [TestCase(T.File, T.Boolean, "!Cannot cast file to boolean.")]
    [TestCase(T.File, T.File, "file:aGk=;text/plain")]
    [TestCase(T.File, T.Float, "!Cannot cast file to float.")]
    [TestCase(T.File, T.Html, "html:<p>hi</p>")]
    [TestCase(T.File, T.Image, "image:aGk=;text/plain")]
    [TestCase(T.File, T.Integer, "!Cannot cast file to integer.")]
    [TestCase(T.File, T.Json, "json:\"hi\"")]
    [TestCase(T.File, T.Text, "text:hi")]
    [TestCase(T.File, T.Undefined, "undefined")]
    [TestCase(T.File, T.Xml, "xml:" + Xml + "<apiStudioWrapper>hi</apiStudioWrapper>")]
    [TestCase(T.Float, T.Array, "array:[2.5]")]
    [TestCase(T.Float, T.Boolean, "!Cannot cast float to boolean.")]
    [TestCase(T.Float, T.File, "!Cannot cast float to file.")]
    [TestCase(T.Float, T.Float, "float:2.5")]
    [TestCase(T.Float, T.Html, "html:<p>2.5</p>")]
    [TestCase(T.Float, T.Image, "!Cannot cast float to image.")]
    [TestCase(T.Float, T.Integer, "integer:2")]
    [TestCase(T.Float, T.Json, "json:2.5")]
    [TestCase(T.Float, T.Text, "text:2.5")]
    [TestCase(T.Float, T.Undefined, "undefined")]
    [TestCase(T.Float, T.Xml, "xml:" + Xml + "<apiStudioWrapper>2.5</apiStudioWrapper>")]
    [TestCase(T.Html, T.Array, "!Cannot cast html to array.")]
    [TestCase(T.Html, T.Boolean, "!Cannot cast html to boolean.")]
    [TestCase(T.Html, T.File, "file:PHA+aGk8L3A+;text/html")]
    [TestCase(T.Html, T.Float, "!Cannot cast html to float.")]
    [TestCase(T.Html, T.Html, "html:<p>hi</p>")]
    [TestCase(T.Html, T.Image, "!Cannot cast html to image.")]
    [TestCase(T.Html, T.Integer, "!Cannot cast html to integer.")]
    [TestCase(T.Html, T.Json, "json:\"<p>hi</p>\"")]
    [TestCase(T.Html, T.Text, "text:<p>hi</p>")]
    [TestCase(T.Html, T.Undefined, "undefined")]
    [TestCase(T.Html, T.Xml, "xml:" + Xml + "<apiStudioWrapper>&lt;p&gt;hi&lt;/p&gt;</apiStudioWrapper>")]
    [TestCase(T.Image, T.Array, "!Cannot cast image to array.")]
    [TestCase(T.Image, T.Boolean, "!Cannot cast image to boolean.")]
    [TestCase(T.Image, T.File, "file:iVBORw0KGgo=;image/png")]
    [TestCase(T.Image, T.Float, "!Cannot cast image to float.")]
    [TestCase(T.Image, T.Html, "html:<img alt=\"\" src=\"data:image/png;base64,iVBORw0KGgo=\">")]
    [TestCase(T.Image, T.Image, "image:iVBORw0KGgo=;image/png")]
    [TestCase(T.Image, T.Integer, "!Cannot cast image to integer.")]
    [TestCase(T.Image, T.Json, "json:\"iVBORw0KGgo=\"")]
    [TestCase(T.Image, T.Text, "text:iVBORw0KGgo=")]
    [TestCase(T.Image, T.Undefined, "undefined")]
    [TestCase(T.Image, T.Xml, "xml:" + Xml + "<apiStudioWrapper>iVBORw0KGgo=</apiStudioWrapper>")]
    [TestCase(T.Integer, T.Array, "array:[42]")]
    [TestCase(T.Integer, T.Boolean, "!Cannot cast integer to boolean.")]
    [TestCase(T.Integer, T.File, "!Cannot cast integer to file.")]
    [TestCase(T.Integer, T.Float, "float:42")]
    [TestCase(T.Integer, T.Html, "html:<p>42</p>")]
    [TestCase(T.Integer, T.Image, "!Cannot cast integer to image.")]
    [TestCase(T.Integer, T.Integer, "integer:42")]
    [TestCase(T.Integer, T.Json, "json:42")]
    [TestCase(T.Integer, T.Text, "text:42")]
    [TestCase(T.Integer, T.Undefined, "undefined")]
    [TestCase(T.Integer, T.Xml, "xml:" + Xml + "<apiStudioWrapper>42</apiStudioWrapper>")]
    [TestCase(T.Json, T.Array, """array:{"a":[1,2]}""")]
    [TestCase(T.Json, T.Boolean, "!Cannot cast json to boolean.")]
    [TestCase(T.Json, T.File, "file:eyJhIjpbMSwyXX0=;application/json")]
    [TestCase(T.Json, T.Float, "!Cannot cast json to float.")]
    [TestCase(T.Json, T.Html, "html:<dl><dt>a</dt><dd><ul><li>1</li><li>2</li></ul></dd></dl>")]
    [TestCase(T.Json, T.Image, "!Cannot cast json to image.")]
    [TestCase(T.Json, T.Integer, "!Cannot cast json to integer.")]
    [TestCase(T.Json, T.Json, """json:{"a":[1,2]}""")]
    [TestCase(T.Json, T.Text, """text:{"a":[1,2]}""")]
    [TestCase(T.Json, T.Undefined, "undefined")]
    [TestCase(T.Json, T.Xml, "xml:" + Xml + "<apiStudioWrapper><a><item>1</item><item>2</item></a></apiStudioWrapper>")]
    [TestCase(T.Text, T.Array, """array:["42"]""")]
    [TestCase(T.Text, T.Boolean, "!Cannot cast text to boolean.")]
    [TestCase(T.Text, T.File, "file:NDI=;text/plain")]
    [TestCase(T.Text, T.Float, "float:42")]
    [TestCase(T.Text, T.Html, "html:<p>42</p>")]
    [TestCase(T.Text, T.Image, "!Cannot cast text to image.")]
    [TestCase(T.Text, T.Integer, "integer:42")]
    [TestCase(T.Text, T.Json, "json:42")]
    [TestCase(T.Text, T.Text, "text:42")]
    [TestCase(T.Text, T.Undefined, "undefined")]
    [TestCase(T.Text, T.Xml, "xml:" + Xml + "<apiStudioWrapper>42</apiStudioWrapper>")]
    [TestCase(T.Undefined, T.Array, "array:[]")]
    [TestCase(T.Undefined, T.Boolean, "!Cannot cast undefined to boolean.")]
    [TestCase(T.Undefined, T.File, "!Cannot cast undefined to file.")]
    [TestCase(T.Undefined, T.Float, "!Cannot cast undefined to float.")]
    [TestCase(T.Undefined, T.Html, "html:")]
    [TestCase(T.Undefined, T.Image, "!Cannot cast undefined to image.")]
    [TestCase(T.Undefined, T.Integer, "!Cannot cast undefined to integer.")]
    [TestCase(T.Undefined, T.Json, "json:null")]
    [TestCase(T.Undefined, T.Text, "text:")]
    [TestCase(T.Undefined, T.Undefined, "undefined")]
    [TestCase(T.Undefined, T.Xml, "xml:" + Xml + "<apiStudioWrapper />")]
    [TestCase(T.Xml, T.Array, """array:{"r":{"_a":"1","b":["x","y"]}}""")]
    [TestCase(T.Xml, T.Boolean, "!Cannot cast xml to boolean.")]
    [TestCase(T.Xml, T.File, "file:PHIgYT0iMSI+PGI+eDwvYj48Yj55PC9iPjwvcj4=;application/xml")]
    [TestCase(T.Xml, T.Float, "!Cannot cast xml to float.")]
    [TestCase(T.Xml, T.Html, "html:<dl><dt>r</dt><dd><dl><dt>_a</dt><dd>1</dd><dt>b</dt><dd><ul><li>x</li><li>y</li></ul></dd></dl></dd></dl>")]
    [TestCase(T.Xml, T.Image, "!Cannot cast xml to image.")]
    [TestCase(T.Xml, T.Integer, "!Cannot cast xml to integer.")]
    [TestCase(T.Xml, T.Json, """json:{"r":{"_a":"1","b":["x","y"]}}""")]
    [TestCase(T.Xml, T.Text, """text:<r a="1"><b>x</b><b>y</b></r>""")]
    [TestCase(T.Xml, T.Undefined, "undefined")]
    [TestCase(T.Xml, T.Xml, """xml:<r a="1"><b>x</b><b>y</b></r>""")]
    public void Cell(DataType from, DataType to, string expected)
    {
        var sample = Sample(from);
        if (expected.StartsWith('!'))
        {
            var error = Assert.Throws<ApiException>(() => ValueCaster.Cast(sample, to, "cast-node"))!;
            Assert.Multiple(() =>
            {
                Assert.That(error.Message, Is.EqualTo(expected[1..]));
                Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidInput));
                Assert.That(error.HttpStatus, Is.EqualTo(400));
                Assert.That(error.ProcessorId, Is.EqualTo("cast-node"));
                Assert.That(ValueCaster.TryCast(sample, to, out _), Is.False);
            });
        }
        else
        {
            var result = ValueCaster.Cast(sample, to, "cast-node");
            Assert.That(result.Type, Is.EqualTo(to));
            Assert.That(Describe(result), Is.EqualTo(expected));
            Assert.That(ValueCaster.TryCast(sample, to, out var tried), Is.True);
            Assert.That(Describe(tried), Is.EqualTo(expected));
        }
    }

    [Test]
    public void Every_pair_of_types_has_a_test_case()
    {
        var covered = typeof(CastMatrixTests).GetMethod(nameof(Cell))!
            .GetCustomAttributes<TestCaseAttribute>()
            .Select(c => ((DataType)c.Arguments[0]!, (DataType)c.Arguments[1]!))
            .ToHashSet();
        var all = Enum.GetValues<DataType>();
        var missing = all.SelectMany(from => all.Select(to => (from, to))).Where(pair => !covered.Contains(pair)).ToList();
        Assert.That(missing, Is.Empty);
        Assert.That(covered, Has.Count.EqualTo(121));
    }

    [Test]
    public void Casting_to_the_same_type_returns_the_same_container()
    {
        foreach (var type in Enum.GetValues<DataType>())
        {
            var sample = Sample(type);
            Assert.That(ValueCaster.Cast(sample, type), Is.SameAs(sample), type.Name());
        }
    }

    // Text → number / boolean: only text that parses, invariant culture.
    [TestCase(" 12 ", T.Integer, "integer:12")]
    [TestCase("-7", T.Integer, "integer:-7")]
    [TestCase("+7", T.Integer, "integer:7")]
    [TestCase("1.5", T.Integer, "!Cannot cast text to integer.")]
    [TestCase("1,000", T.Integer, "!Cannot cast text to integer.")]
    [TestCase("abc", T.Integer, "!Cannot cast text to integer.")]
    [TestCase("", T.Integer, "!Cannot cast text to integer.")]
    [TestCase("99999999999999999999", T.Integer, "!Cannot cast text to integer.")]
    [TestCase("1.5e3", T.Float, "float:1500")]
    [TestCase("-0.25", T.Float, "float:-0.25")]
    [TestCase("1,5", T.Float, "!Cannot cast text to float.")]
    [TestCase("NaN", T.Float, "!Cannot cast text to float.")]
    [TestCase("Infinity", T.Float, "!Cannot cast text to float.")]
    [TestCase("1e999", T.Float, "!Cannot cast text to float.")]
    [TestCase("TRUE", T.Boolean, "boolean:true")]
    [TestCase(" yes ", T.Boolean, "boolean:true")]
    [TestCase("on", T.Boolean, "boolean:true")]
    [TestCase("1", T.Boolean, "boolean:true")]
    [TestCase("False", T.Boolean, "boolean:false")]
    [TestCase("no", T.Boolean, "boolean:false")]
    [TestCase("off", T.Boolean, "boolean:false")]
    [TestCase("0", T.Boolean, "boolean:false")]
    [TestCase("maybe", T.Boolean, "!Cannot cast text to boolean.")]
    // Text → json / xml / array: valid JSON or XML is taken as such; anything else is a string.
    [TestCase("hello", T.Json, "json:\"hello\"")]
    [TestCase("""{"a":1}""", T.Json, """json:{"a":1}""")]
    [TestCase("<a>1</a>", T.Xml, "xml:<a>1</a>")]
    [TestCase("a < b", T.Xml, "xml:" + Xml + "<apiStudioWrapper>a &lt; b</apiStudioWrapper>")]
    [TestCase("", T.Xml, "xml:" + Xml + "<apiStudioWrapper></apiStudioWrapper>")]
    [TestCase("[1,2]", T.Array, "array:[1,2]")]
    [TestCase("a,b", T.Array, """array:["a,b"]""")]
    [TestCase("<b>bold</b> & <i>", T.Html, "html:<p>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;</p>")]
    // Text → image: base64 or a data URI.
    [TestCase("iVBORw0KGgo=", T.Image, "image:iVBORw0KGgo=;")]
    [TestCase("data:image/png;base64,iVBORw0KGgo=", T.Image, "image:iVBORw0KGgo=;image/png")]
    [TestCase("data:image/png,iVBORw0KGgo=", T.Image, "!Cannot cast text to image.")]
    [TestCase("not base64!", T.Image, "!Cannot cast text to image.")]
    [TestCase("", T.Image, "!Cannot cast text to image.")]
    public void Text_content_decides_the_cast(string text, DataType to, string expected) =>
        AssertCast(DataContainer.Text(text), to, expected);

    [TestCase(-2.7, T.Integer, "integer:-2")]
    [TestCase(2.99, T.Integer, "integer:2")]
    [TestCase(double.NaN, T.Integer, "!Cannot cast float to integer.")]
    [TestCase(double.PositiveInfinity, T.Integer, "!Cannot cast float to integer.")]
    [TestCase(1e19, T.Integer, "!Cannot cast float to integer.")]
    [TestCase(0.0, T.Boolean, "boolean:false")]
    [TestCase(1.0, T.Boolean, "boolean:true")]
    [TestCase(0.5, T.Boolean, "!Cannot cast float to boolean.")]
    [TestCase(double.NaN, T.Json, "json:null")]
    public void Float_content_decides_the_cast(double value, DataType to, string expected) =>
        AssertCast(DataContainer.Float(value), to, expected);

    [TestCase(0L, T.Boolean, "boolean:false")]
    [TestCase(1L, T.Boolean, "boolean:true")]
    [TestCase(-1L, T.Boolean, "!Cannot cast integer to boolean.")]
    [TestCase(long.MaxValue, T.Float, "float:9.223372036854776E+18")]
    public void Integer_content_decides_the_cast(long value, DataType to, string expected) =>
        AssertCast(DataContainer.Integer(value), to, expected);

    [TestCase("3.9", T.Integer, "integer:3")]
    [TestCase("-4", T.Integer, "integer:-4")]
    [TestCase("\"3\"", T.Integer, "!Cannot cast json to integer.")]
    [TestCase("7", T.Float, "float:7")]
    [TestCase("0.5", T.Float, "float:0.5")]
    [TestCase("true", T.Float, "!Cannot cast json to float.")]
    [TestCase("false", T.Boolean, "boolean:false")]
    [TestCase("1", T.Boolean, "boolean:true")]
    [TestCase("2", T.Boolean, "!Cannot cast json to boolean.")]
    [TestCase("5", T.Array, "array:[5]")]
    [TestCase("null", T.Array, "array:[]")]
    [TestCase("[1,[2]]", T.Array, "array:[1,[2]]")]
    [TestCase("\"<b>\"", T.Html, "html:<p>&lt;b&gt;</p>")]
    [TestCase("[1,2]", T.Xml, "xml:" + Xml + "<apiStudioWrapper><item>1</item><item>2</item></apiStudioWrapper>")]
    [TestCase("{not json", T.Integer, "!Cannot cast json to integer.")]
    public void Json_content_decides_the_cast(string json, DataType to, string expected) =>
        AssertCast(DataContainer.Json(json), to, expected);

    [TestCase(T.Array)]
    [TestCase(T.Xml)]
    [TestCase(T.Html)]
    public void Malformed_json_content_fails_with_the_parser_message(DataType to)
    {
        var error = Assert.Throws<ApiException>(() => ValueCaster.Cast(DataContainer.Json("{\"a\":"), to, "n1"))!;
        Assert.That(error.Message, Does.StartWith("Invalid JSON: "));
        Assert.That(error.Message, Does.Contain("line 1"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "n1")));
    }

    [TestCase(T.Array)]
    [TestCase(T.Json)]
    [TestCase(T.Html)]
    public void Malformed_xml_content_fails_with_the_parser_message(DataType to)
    {
        var error = Assert.Throws<ApiException>(() => ValueCaster.Cast(DataContainer.Xml("<a><b></a>"), to, "n1"))!;
        Assert.That(error.Message, Does.StartWith("Invalid XML: "));
        Assert.That(error.Message, Does.Contain("'b'"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "n1")));
    }

    [Test]
    public void Xml_holding_a_wrapped_scalar_becomes_a_one_item_array()
    {
        var value = DataContainer.Xml("<apiStudioWrapper>12</apiStudioWrapper>");
        Assert.That(Describe(value.CastTo(T.Array)), Is.EqualTo("""array:["12"]"""));
        Assert.That(Describe(value.CastTo(T.Json)), Is.EqualTo("json:\"12\""));
    }

    [Test]
    public void A_file_that_is_not_utf8_becomes_base64_text()
    {
        var file = DataContainer.File(new BinaryValue([0xFF, 0x00, 0x41]));
        Assert.That(file.AsText(), Is.EqualTo("/wBB"));
        Assert.That(Describe(file.CastTo(T.Json)), Is.EqualTo("json:\"/wBB\""));
    }

    [Test]
    public void A_utf8_file_loses_its_byte_order_mark_as_text()
    {
        var file = DataContainer.File(new BinaryValue([0xEF, 0xBB, 0xBF, .. "héllo"u8]));
        Assert.That(file.AsText(), Is.EqualTo("héllo"));
    }

    [Test]
    public void Text_to_file_is_utf8_and_back_again()
    {
        var file = DataContainer.Text("héllo").CastTo(T.File);
        Assert.That(((BinaryValue)file.Data!).Content, Is.EqualTo(Encoding.UTF8.GetBytes("héllo")));
        Assert.That(file.AsText(), Is.EqualTo("héllo"));
    }

    [Test]
    public void Image_to_html_ignores_a_media_type_that_is_not_an_image()
    {
        var image = DataContainer.Image(new BinaryValue([1, 2, 3], MediaType: "text/html\" onerror=\"alert(1)"));
        var html = (string)image.CastTo(T.Html).Data!;
        Assert.That(html, Does.Not.Contain("onerror"));
        Assert.That(html, Does.Contain("<p>AQID</p>"));
    }

    [Test]
    public void Image_to_html_recognises_the_image_type_from_its_bytes()
    {
        var jpeg = DataContainer.Image(new BinaryValue([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.That((string)jpeg.CastTo(T.Html).Data!, Does.Contain("src=\"data:image/jpeg;base64,/9j/4A==\""));
    }

    [Test]
    public void Json_and_xml_become_plain_values_inside_arrays()
    {
        Assert.That(DataContainer.Json("12").ToPlain(), Is.EqualTo(12L));
        Assert.That(DataContainer.Json("null").ToPlain(), Is.Null);
        Assert.That(PlainJson.Serialize(DataContainer.Xml("<a>1</a>").ToPlain()), Is.EqualTo("""{"a":"1"}"""));
    }

    private static void AssertCast(DataContainer value, DataType to, string expected)
    {
        if (expected.StartsWith('!'))
        {
            var error = Assert.Throws<ApiException>(() => ValueCaster.Cast(value, to, "n1"))!;
            Assert.That(error.Message, Is.EqualTo(expected[1..]));
            Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "n1")));
        }
        else
        {
            Assert.That(Describe(ValueCaster.Cast(value, to, "n1")), Is.EqualTo(expected));
        }
    }

    /// <summary>One sample value per type.</summary>
    internal static DataContainer Sample(DataType type) => type switch
    {
        T.Array => DataContainer.Array(new Map { ["a"] = 1L, ["b"] = new List<object?> { "x", true } }),
        T.Boolean => DataContainer.True,
        T.File => DataContainer.File(new BinaryValue("hi"u8.ToArray(), "notes.txt", "text/plain")),
        T.Float => DataContainer.Float(2.5),
        T.Html => DataContainer.Html("<p>hi</p>"),
        T.Image => DataContainer.Image(new BinaryValue([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], MediaType: "image/png")),
        T.Integer => DataContainer.Integer(42),
        T.Json => DataContainer.Json("""{"a":[1,2]}"""),
        T.Text => DataContainer.Text("42"),
        T.Undefined => DataContainer.Undefined,
        T.Xml => DataContainer.Xml("""<r a="1"><b>x</b><b>y</b></r>"""),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// <c>type:rendering</c>: strings as they are, arrays as JSON, files and images as <c>base64;mediaType</c>,
    /// html documents as the inside of their body.
    /// </summary>
    internal static string Describe(DataContainer value) => value.Type switch
    {
        T.Undefined => "undefined",
        T.Array => "array:" + PlainJson.Serialize(value.Data),
        T.File or T.Image => $"{value.Type.Name()}:{Convert.ToBase64String(((BinaryValue)value.Data!).Content)};{((BinaryValue)value.Data!).MediaType}",
        T.Html => "html:" + Body((string)value.Data!),
        _ => $"{value.Type.Name()}:{value}",
    };

    private static string Body(string html)
    {
        const string open = "<body>\n";
        const string close = "\n</body>";
        var start = html.IndexOf(open, StringComparison.Ordinal);
        return start < 0 ? html : html[(start + open.Length)..html.IndexOf(close, StringComparison.Ordinal)];
    }
}
