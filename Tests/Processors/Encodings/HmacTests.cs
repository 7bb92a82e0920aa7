using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Encodings;

public class HmacTests : InputRulesContract
{
    private const string Fox = "'The quick brown fox jumps over the lazy dog'";

    protected override string Processor => "hmac";

    protected override (string Name, string Yaml)[] Valid => [("value", Fox), ("key", "key")];

    private static async Task<object?> Sign(string inputs) => (await Run($"processor: hmac\nid: p\nvalue: {Fox}\n" + inputs)).Data;

    // The published HMAC examples of "The quick brown fox…" with the key "key".
    [TestCase("sha256", "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")]
    [TestCase("sha1", "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9")]
    [TestCase("md5", "80070713463e7749b90c2dc24911e275")]
    public async Task Each_algorithm_gives_its_published_signature(string algorithm, string hex) =>
        Assert.That(await Sign($"key: key\nalgorithm: {algorithm}"), Is.EqualTo(hex));

    [Test]
    public async Task The_signature_may_be_written_in_base64() =>
        Assert.That(await Sign("key: key\nencoding: base64"), Is.EqualTo("97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="));

    [TestCase("hex", "6b6579")]
    [TestCase("base64", "a2V5")]
    [TestCase("base64url", "a2V5")]
    public async Task A_key_may_be_given_encoded(string encoding, string key) =>
        Assert.That(await Sign($"key: '{key}'\nkey_encoding: {encoding}"), Is.EqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"));

    [Test]
    public async Task A_key_that_is_not_in_its_encoding_is_refused_with_node_id()
    {
        var error = await RunFails($"processor: hmac\nid: p\nvalue: a\nkey: xyz\nkey_encoding: hex");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, "Input 'key' is not valid hex (node 'p').")));
    }

    [Test]
    public async Task An_empty_key_is_refused_with_node_id()
    {
        var error = await RunFails("processor: hmac\nid: p\nvalue: a\nkey: ''");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, "Input 'key' must not be empty (node 'p').")));
    }
}
