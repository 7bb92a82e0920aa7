using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarRandTests
{
    private static async Task<string> Random(params string[] inputs)
    {
        var value = await Run(Of("var_rand", inputs));
        Assert.That(value.Type, Is.EqualTo(DataType.Text));
        return (string)value.Data!;
    }

    [Test]
    public async Task Defaults_give_eight_letters_and_digits()
    {
        var text = await Random();
        Assert.That(text, Has.Length.EqualTo(8));
        Assert.That(text.All(char.IsAsciiLetterOrDigit), Is.True, text);
    }

    [Test]
    public async Task Two_values_differ()
    {
        var first = await Random("length: 32");
        var second = await Random("length: 32");
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [TestCase("lower: true", "upper: false", "numeric: false", "special: false", "abcdefghijklmnopqrstuvwxyz")]
    [TestCase("lower: false", "upper: true", "numeric: false", "special: false", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")]
    [TestCase("lower: false", "upper: false", "numeric: true", "special: false", "0123456789")]
    [TestCase("lower: false", "upper: false", "numeric: false", "special: true", "!#$%&()*+,-./:;<=>?@[]^_{|}~")]
    public async Task Only_the_chosen_character_sets_are_used(string lower, string upper, string numeric, string special,
        string alphabet)
    {
        var text = await Random("length: 200", lower, upper, numeric, special);
        Assert.That(text, Has.Length.EqualTo(200));
        Assert.That(text.All(alphabet.Contains), Is.True, text);
    }

    [Test]
    public async Task Special_characters_are_added_when_asked()
    {
        var text = await Random("length: 400", "special: true");
        Assert.That(text.Any(c => !char.IsAsciiLetterOrDigit(c)), Is.True, text);
    }

    [TestCase(0)]
    [TestCase(-3)]
    [TestCase(4097)]
    public async Task Length_outside_the_range_is_an_error_with_the_node_id(int length)
    {
        var error = await RunFails(Of("var_rand", $"length: {length}"));
        Assert.That(error.Message, Is.EqualTo($"Input 'length' must be between 1 and 4096, got {length} (node 'p')."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "p")));
    }

    [Test]
    public async Task No_character_set_is_an_error_with_the_node_id()
    {
        var error = await RunFails(Of("var_rand", "lower: false", "upper: false", "numeric: false"));
        Assert.That(error.Message, Is.EqualTo("Node 'p' needs at least one of lower, upper, numeric or special."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "p")));
    }

    [TestCase("length: '8'", "length")]
    [TestCase("length: 2.5", "length")]
    [TestCase("lower: 1", "lower")]
    [TestCase("upper: 'yes'", "upper")]
    [TestCase("numeric: [true]", "numeric")]
    [TestCase("special: 0", "special")]
    public async Task Input_of_the_wrong_type_is_refused_with_node_id(string line, string input)
    {
        IsRefusedNaming(await Rejected(Of("var_rand", line)), "p", input);
    }
}
