using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class TextCaseTests : InputRulesContract
{
    protected override string Processor => "text_case";

    protected override (string Name, string Yaml)[] Valid => [("text", "ada LOVELACE"), ("case", "title")];

    [TestCase("lower", "ada lovelace, élise")]
    [TestCase("upper", "ADA LOVELACE, ÉLISE")]
    [TestCase("title", "Ada Lovelace, Élise")]
    public async Task Each_case_is_applied(string @case, string expected) =>
        Assert.That((await Run($"processor: text_case\nid: p\ntext: ada LOVELACE, élise\ncase: {@case}")).Data, Is.EqualTo(expected));

    [Test]
    public async Task Upper_case_does_not_depend_on_a_language() =>
        Assert.That((await Run("processor: text_case\nid: p\ntext: istanbul\ncase: upper")).Data, Is.EqualTo("ISTANBUL"));
}
