using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Encodings;

public class HashTests : InputRulesContract
{
    protected override string Processor => "hash";

    protected override (string Name, string Yaml)[] Valid => [("value", "abc")];

    private static async Task<object?> Digest(string inputs) => (await Run("processor: hash\nid: p\n" + inputs)).Data;

    // The digests of "abc" published with each algorithm.
    [TestCase("sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("sha384", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")]
    [TestCase("sha512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [TestCase("sha1", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [TestCase("md5", "900150983cd24fb0d6963f7d28e17f72")]
    public async Task Each_algorithm_gives_its_published_digest(string algorithm, string hex) =>
        Assert.That(await Digest($"value: abc\nalgorithm: {algorithm}"), Is.EqualTo(hex));

    [TestCase("base64", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")]
    [TestCase("base64url", "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0")]
    public async Task The_digest_may_be_written_in_base64(string encoding, string expected) =>
        Assert.That(await Digest($"value: abc\nencoding: {encoding}"), Is.EqualTo(expected));

    [Test]
    public async Task A_text_is_hashed_as_utf8() =>
        Assert.That(await Digest("value: é"), Is.EqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"));

    [Test]
    public async Task A_file_is_hashed_as_its_bytes()
    {
        var fromFile = await Run("""
            processor: hash
            id: p
            value: {processor: decode, id: bytes, value: YWJj, format: base64, as_file: true}
            """);
        Assert.That(fromFile.Data, Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    [Test]
    public async Task A_number_is_hashed_as_its_text() =>
        Assert.That(await Digest("value: 42\nalgorithm: md5"), Is.EqualTo(await Digest("value: '42'\nalgorithm: md5")));

    [Test]
    public async Task The_result_is_text() => Assert.That((await Run("processor: hash\nid: p\nvalue: a")).Type, Is.EqualTo(DataType.Text));
}
