using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Engine.Values;

public class XmlJsonConverterTests
{
    private const string Declaration = """<?xml version="1.0" encoding="utf-8"?>""";

    [Test]
    public void Attributes_become_keys_prefixed_with_underscore()
    {
        Assert.That(Json("""<book id="7" lang="en"><title>Dune</title></book>"""),
            Is.EqualTo("""{"book":{"_id":"7","_lang":"en","title":"Dune"}}"""));
    }

    [Test]
    public void Text_beside_attributes_or_children_is_the_text_key()
    {
        Assert.That(Json("""<price currency="EUR">12.50</price>"""),
            Is.EqualTo("""{"price":{"_currency":"EUR","#text":"12.50"}}"""));
        Assert.That(Json("<p>Hello <b>you</b> there</p>"),
            Is.EqualTo("""{"p":{"#text":"Hello  there","b":"you"}}"""));
    }

    [Test]
    public void Elements_with_only_text_become_strings()
    {
        Assert.That(Json("<a><b>1</b><c>two</c><d><![CDATA[<x>]]></d></a>"),
            Is.EqualTo("""{"a":{"b":"1","c":"two","d":"<x>"}}"""));
    }

    [Test]
    public void Empty_element_is_the_empty_string_and_self_closing_is_null()
    {
        Assert.That(Json("<a><b></b><c/></a>"), Is.EqualTo("""{"a":{"b":"","c":null}}"""));
    }

    [Test]
    public void Repeated_child_elements_become_lists()
    {
        Assert.That(Json("<shelf><book>A</book><title>T</title><book>B</book><book>C</book></shelf>"),
            Is.EqualTo("""{"shelf":{"book":["A","B","C"],"title":"T"}}"""));
    }

    [Test]
    public void Children_all_named_item_become_a_list()
    {
        Assert.That(Json("<tags><item>a</item><item>b</item></tags>"), Is.EqualTo("""{"tags":["a","b"]}"""));
        Assert.That(Json("<tags><item>only</item></tags>"), Is.EqualTo("""{"tags":["only"]}"""));
    }

    [Test]
    public void The_wrapper_root_is_unwrapped()
    {
        Assert.That(Json("<apiStudioWrapper><a>1</a></apiStudioWrapper>"), Is.EqualTo("""{"a":"1"}"""));
        Assert.That(Json("<apiStudioWrapper>plain</apiStudioWrapper>"), Is.EqualTo("\"plain\""));
        Assert.That(Json("<apiStudioWrapper><item>1</item><item>2</item></apiStudioWrapper>"), Is.EqualTo("""["1","2"]"""));
    }

    [Test]
    public void Comments_processing_instructions_and_namespace_declarations_are_dropped()
    {
        Assert.That(Json("""<?xml version="1.0"?><!-- c --><x:a xmlns:x="urn:x" xmlns="urn:d"><?pi?><x:b>1</x:b></x:a>"""),
            Is.EqualTo("""{"a":{"b":"1"}}"""));
    }

    [Test]
    public void A_map_is_written_under_the_wrapper()
    {
        var map = new Map { ["name"] = "Ann", ["age"] = 31L, ["ok"] = true, ["score"] = 1.5, ["none"] = null, ["empty"] = "" };
        Assert.That(XmlJsonConverter.ToXml(map), Is.EqualTo(Declaration +
            "<apiStudioWrapper><name>Ann</name><age>31</age><ok>true</ok><score>1.5</score><none /><empty></empty></apiStudioWrapper>"));
    }

    [Test]
    public void List_items_are_written_as_item_elements()
    {
        var list = new List<object?> { 1L, new List<object?> { "a" }, new Map { ["k"] = "v" } };
        Assert.That(XmlJsonConverter.ToXml(list), Is.EqualTo(Declaration +
            "<apiStudioWrapper><item>1</item><item><item>a</item></item><item><k>v</k></item></apiStudioWrapper>"));
    }

    [Test]
    public void Underscore_keys_with_scalars_are_written_as_attributes_and_text_key_as_text()
    {
        var map = new Map { ["price"] = new Map { ["_currency"] = "EUR", ["#text"] = "12.50" } };
        Assert.That(XmlJsonConverter.ToXml(map), Is.EqualTo(Declaration +
            """<apiStudioWrapper><price currency="EUR">12.50</price></apiStudioWrapper>"""));
    }

    [Test]
    public void Underscore_keys_holding_structures_stay_elements()
    {
        var map = new Map { ["_meta"] = new Map { ["v"] = 1L }, ["_"] = "bare", ["_gone"] = null };
        Assert.That(XmlJsonConverter.ToXml(map), Is.EqualTo(Declaration +
            "<apiStudioWrapper><_meta><v>1</v></_meta><_>bare</_><_gone /></apiStudioWrapper>"));
    }

    [Test]
    public void Keys_that_are_not_xml_names_are_encoded_and_decoded_back()
    {
        var map = new Map { ["first name"] = "Ann", ["1st"] = "x", ["a:b"] = "y", [""] = "empty key", ["a_x0020_b"] = "literal" };
        var xml = XmlJsonConverter.ToXml(map);
        Assert.That(xml, Is.EqualTo(Declaration +
            "<apiStudioWrapper><first_x0020_name>Ann</first_x0020_name><_x0031_st>x</_x0031_st><a_x003A_b>y</a_x003A_b>" +
            "<_x0000_>empty key</_x0000_><a_x005F_x0020_b>literal</a_x005F_x0020_b></apiStudioWrapper>"));
        Assert.That(PlainJson.Serialize(XmlJsonConverter.ToPlain(xml)), Is.EqualTo(PlainJson.Serialize(map)));
    }

    [Test]
    public void Attribute_names_are_encoded_and_decoded_back()
    {
        var map = new Map { ["_data id"] = "1", ["v"] = "x" };
        var xml = XmlJsonConverter.ToXml(map);
        Assert.That(xml, Does.Contain("""data_x0020_id="1" """.TrimEnd()));
        Assert.That(PlainJson.Serialize(XmlJsonConverter.ToPlain(xml)), Is.EqualTo("""{"_data id":"1","v":"x"}"""));
    }

    [Test]
    public void Text_is_escaped_when_written()
    {
        var xml = XmlJsonConverter.ToXml(new Map { ["t"] = "<b> & \"q\"", ["_a"] = "\"<>" });
        Assert.That(xml, Is.EqualTo(Declaration + "<apiStudioWrapper a=\"&quot;&lt;&gt;\"><t>&lt;b&gt; &amp; \"q\"</t></apiStudioWrapper>"));
        Assert.That(PlainJson.Serialize(XmlJsonConverter.ToPlain(xml)), Is.EqualTo("""{"_a":"\"<>","t":"<b> & \"q\""}"""));
    }

    [TestCase("""{"a":"1","b":{"c":["x","y"],"d":{"e":"z"}}}""")]
    [TestCase("""["a",["b","c"],{"k":"v"},null]""")]
    [TestCase("""{"list":["only"],"nested":[["1"],["2","3"]]}""")]
    [TestCase("""{"users":[{"_id":"1","name":"Ann"},{"_id":"2","name":"Bob"}]}""")]
    [TestCase("""{"s":"","n":null,"t":"text"}""")]
    [TestCase("\"just text\"")]
    public void Array_to_xml_to_array_keeps_maps_and_lists(string json)
    {
        var plain = PlainJson.Parse(json);
        var back = XmlJsonConverter.ToPlain(XmlJsonConverter.ToXml(plain));
        Assert.That(PlainJson.Serialize(back), Is.EqualTo(json));
    }

    [Test]
    public void Scalars_come_back_as_strings_after_a_round_trip()
    {
        var back = XmlJsonConverter.ToPlain(XmlJsonConverter.ToXml(new Map { ["n"] = 5L, ["b"] = false }));
        Assert.That(PlainJson.Serialize(back), Is.EqualTo("""{"n":"5","b":"false"}"""));
    }

    [Test]
    public void Cast_array_to_xml_and_back_keeps_the_structure()
    {
        var array = DataContainer.Array(new Map { ["a"] = new List<object?> { "1", "2" }, ["b"] = new Map { ["c"] = "3" } });
        var back = array.CastTo(DataType.Xml).CastTo(DataType.Array);
        Assert.That(back.ToString(), Is.EqualTo(array.ToString()));
    }

    [TestCase("<a><b></a>", "'b'")]
    [TestCase("<a><b>", "Unexpected end of file")]
    [TestCase("", "Root element is missing")]
    [TestCase("<a/><b/>", "multiple root elements")]
    [TestCase("text", "Data at the root level is invalid")]
    [TestCase("<a>&unknown;</a>", "undeclared entity 'unknown'")]
    public void Malformed_xml_is_code_6_with_the_parser_message(string xml, string fragment)
    {
        var error = Assert.Throws<ApiException>(() => XmlJsonConverter.ToPlain(xml, "reader"))!;
        Assert.That(error.Message, Does.StartWith("Invalid XML: "));
        Assert.That(error.Message, Does.Contain(fragment));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "reader")));
    }

    [Test]
    public void External_entities_are_never_resolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var xxe = $"""<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file://{secret}">]><foo>&xxe;</foo>""";
            var error = Assert.Throws<ApiException>(() => XmlJsonConverter.ToPlain(xxe))!;
            Assert.That(error.Message, Does.Contain("DTD is prohibited"));
            Assert.That(error.Message, Does.Not.Contain("TOP-SECRET"));
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidInput));
            Assert.That(XmlJsonConverter.IsWellFormed(xxe), Is.False);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Test]
    public void Entity_expansion_bombs_are_rejected_by_the_dtd_ban()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <lolz>&lol2;</lolz>
            """;
        var error = Assert.Throws<ApiException>(() => XmlJsonConverter.ToPlain(laughs))!;
        Assert.That(error.Message, Does.Contain("DTD is prohibited"));
    }

    [Test]
    public void Documents_over_the_size_limit_are_rejected()
    {
        var xml = "<a>" + new string('x', 2000) + "</a>";
        var error = Assert.Throws<ApiException>(() => XmlJsonConverter.ToPlain(xml, maxCharacters: 1000))!;
        Assert.That(error.Message, Does.Contain("MaxCharactersInDocument"));
        Assert.That(error.HttpStatus, Is.EqualTo(400));
    }

    [Test]
    public void Nesting_past_the_depth_limit_is_a_clear_error()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 300)) + string.Concat(Enumerable.Repeat("</a>", 300));
        var error = Assert.Throws<ApiException>(() => XmlJsonConverter.ToPlain(deep))!;
        Assert.That(error.Message, Is.EqualTo("Invalid XML: elements are nested deeper than 256 levels."));
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidInput));
    }

    [Test]
    public void Nesting_at_the_depth_limit_is_accepted()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 256)) + "x" + string.Concat(Enumerable.Repeat("</a>", 256));
        Assert.That(XmlJsonConverter.ToPlain(deep), Is.InstanceOf<Map>());
    }

    [Test]
    public void Deep_data_is_written_without_recursion()
    {
        object? plain = "leaf";
        for (var i = 0; i < 20_000; i++)
        {
            plain = new List<object?> { plain };
        }
        var xml = XmlJsonConverter.ToXml(plain);
        Assert.That(xml, Does.EndWith("</item></apiStudioWrapper>"));
    }

    [Test]
    public void Characters_xml_cannot_hold_are_a_clear_error()
    {
        var error = Assert.Throws<ApiException>(() => XmlJsonConverter.ToXml(new Map { ["a"] = "bell\u0007" }, "out"))!;
        Assert.That(error.Message, Does.StartWith("The data cannot be written as XML: "));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "out")));
    }

    private static string Json(string xml) => PlainJson.Serialize(XmlJsonConverter.ToPlain(xml));
}
