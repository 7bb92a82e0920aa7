using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class TextContainsTests : InputRulesContract
{
    protected override string Processor => "text_contains";

    protected override (string Name, string Yaml)[] Valid => [("text", "invoice.pdf"), ("search", ".pdf")];

    private static async Task<DataContainer> Contains(string inputs) => await Run("processor: text_contains\nid: p\ntext: Invoice-2024.PDF\n" + inputs);

    [TestCase("search: '2024'", true)]
    [TestCase("search: '2025'", false)]
    [TestCase("search: Invoice\nposition: start", true)]
    [TestCase("search: '2024'\nposition: start", false)]
    [TestCase("search: .PDF\nposition: end", true)]
    [TestCase("search: Invoice\nposition: end", false)]
    [TestCase("search: .pdf\nposition: end", false)]
    [TestCase("search: .pdf\nposition: end\nignore_case: true", true)]
    [TestCase("search: ''", true)]
    public async Task Search_is_looked_for_where_asked(string inputs, bool expected) =>
        Assert.That(await Contains(inputs), Is.EqualTo(DataContainer.Boolean(expected)));
}
