using ApiStudio.Engine.Resources;

namespace ApiStudio.Tests.Engine.Resources;

/// <summary>Moving a document to another application rewrites only its header.</summary>
public class HeaderRewriterTests
{
    [Test]
    public void Yaml_values_are_replaced_in_place_keeping_comments_and_layout()
    {
        const string text = "# Greeting\nname: Hi\naccount: examples   # the owner\napplication: demo\nuri: hi\nprocess: hello # literal\n";
        var rewritten = HeaderRewriter.SetApplication(text, DocumentFormat.Yaml, "hi.yaml", "acme", "shop");
        Assert.That(rewritten, Is.EqualTo("# Greeting\nname: Hi\naccount: \"acme\"   # the owner\napplication: \"shop\"\nuri: hi\nprocess: hello # literal\n"));
    }

    [Test]
    public void Yaml_without_account_gets_both_keys_first_and_loses_its_appid()
    {
        const string text = "---\nname: Old\nappid: 3\nuri: old\nprocess:\n  processor: var_str\n  id: v\n  value: x\n";
        var rewritten = HeaderRewriter.SetApplication(text, DocumentFormat.Yaml, "old.yaml", "acme", "shop");
        Assert.That(rewritten, Is.EqualTo("---\naccount: \"acme\"\napplication: \"shop\"\nname: Old\nuri: old\nprocess:\n  processor: var_str\n  id: v\n  value: x\n"));
        var document = ResourceLoader.Load(rewritten, "old.yaml");
        Assert.That((document.Account, document.Application, document.AppId), Is.EqualTo(("acme", "shop", (long?)null)));
    }

    [Test]
    public void Names_that_look_like_other_types_stay_text()
    {
        var rewritten = HeaderRewriter.SetApplication("name: N\naccount: a\napplication: b\n", DocumentFormat.Yaml, "n.yaml", "true", "0x10: \"quoted\"");
        var document = ResourceLoader.Load(rewritten, "n.yaml");
        Assert.That((document.Account, document.Application), Is.EqualTo(("true", "0x10: \"quoted\"")));
    }

    [Test]
    public void Json_gets_the_keys_set_and_appid_removed()
    {
        var rewritten = HeaderRewriter.SetApplication("""{"name": "J", "appid": 2, "uri": "j", "process": 1}""", DocumentFormat.Json, "j.json", "acme", "shop");
        var document = ResourceLoader.Load(rewritten, "j.json", DocumentFormat.Json);
        Assert.That((document.Account, document.Application, document.AppId, document.Uri), Is.EqualTo(("acme", "shop", (long?)null, "j")));
        Assert.That(rewritten.IndexOf("\"account\"", StringComparison.Ordinal), Is.LessThan(rewritten.IndexOf("\"name\"", StringComparison.Ordinal)));
    }

    [Test]
    public void Flow_style_yaml_is_refused_with_a_clear_message()
    {
        var ex = Assert.Throws<ResourceLoadException>(() =>
            HeaderRewriter.SetApplication("--- {name: N, uri: x}\n", DocumentFormat.Yaml, "flow.yaml", "a", "b"));
        Assert.That(ex!.Message, Is.EqualTo("flow.yaml: The header of a flow-style YAML document ({...}) cannot be rewritten; write it as block YAML or JSON."));
    }
}
