using System.Text;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Engine.Values;

/// <summary>
/// The response writer's JSON (<see cref="PlainJsonUtf8"/>) must be byte for byte the UTF-8 of
/// <see cref="PlainJson.Serialize"/>: every character, every kind of number, any shape and depth.
/// </summary>
public class PlainJsonUtf8Tests
{
    private static void AssertSame(object? value)
    {
        var expected = Encoding.UTF8.GetBytes(PlainJson.Serialize(value));
        var actual = PlainJsonUtf8.Serialize(value);
        Assert.That(Encoding.UTF8.GetString(actual), Is.EqualTo(Encoding.UTF8.GetString(expected)));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Every_character_is_written_as_the_serializer_writes_it()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var text = $"a{(char)c}b";
            var expected = Encoding.UTF8.GetBytes(PlainJson.Serialize(new Map { [text] = text }));
            var actual = PlainJsonUtf8.Serialize(new Map { [text] = text });
            if (!actual.AsSpan().SequenceEqual(expected))
            {
                Assert.Fail($"U+{c:X4}: expected {Encoding.UTF8.GetString(expected)}, got {Encoding.UTF8.GetString(actual)}");
            }
        }
    }

    [TestCase("")]
    [TestCase("plain text")]
    [TestCase("quote \" backslash \\ slash / apostrophe ' <tag> & amp")]
    [TestCase("tab\tnew\nline\rreturn\u0001\u001f\u007f")]
    [TestCase("é ü 漢字 \U0001F600 emoji")]
    [TestCase("lone \ud800 high and \udc00 low surrogates, pair at the end \ud83d")]
    public void Texts(string text) => AssertSame(text);

    [TestCase(0.0)]
    [TestCase(-0.0)]
    [TestCase(1.0)]
    [TestCase(2.5)]
    [TestCase(-41.75)]
    [TestCase(0.1)]
    [TestCase(1e20)]
    [TestCase(1e21)]
    [TestCase(1.5e-7)]
    [TestCase(123456789012345680.0)]
    [TestCase(double.MaxValue)]
    [TestCase(double.MinValue)]
    [TestCase(double.Epsilon)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Floats(double value) => AssertSame(value);

    [Test]
    public void Random_floats_and_integers()
    {
        var random = new Random(20261121);
        var values = new List<object?>();
        for (var i = 0; i < 5_000; i++)
        {
            values.Add(BitConverter.Int64BitsToDouble(random.NextInt64()));
            values.Add(random.NextDouble() * Math.Pow(10, random.Next(-12, 22)));
            values.Add(random.NextInt64(long.MinValue, long.MaxValue));
        }
        values.AddRange([long.MinValue, long.MaxValue, 0L, -1L, int.MinValue, int.MaxValue, 7]);
        AssertSame(values);
    }

    [Test]
    public void Other_values()
    {
        AssertSame(new List<object?>
        {
            null, true, false, new BinaryValue([1, 2, 3, 250], "a.bin", "application/octet-stream"),
            DataContainer.Text("contained"), DataContainer.Array(new Map { ["n"] = 1L }), 12.5m, new DateTime(2026, 11, 21),
            new Map(), new List<object?>(), new Map { ["empty"] = new List<object?>() },
        });
    }

    [Test]
    public void Random_documents()
    {
        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            AssertSame(RandomValue(random, 0));
        }
    }

    [Test]
    public void A_document_100000_levels_deep()
    {
        object? value = "bottom";
        for (var i = 0; i < 100_000; i++)
        {
            value = i % 2 == 0 ? new List<object?> { value, i } : new Map { ["k"] = value };
        }
        AssertSame(value);
    }

    [Test]
    public void Prefix_and_suffix_surround_the_value() =>
        Assert.That(Encoding.UTF8.GetString(PlainJsonUtf8.Serialize(new Map { ["a"] = 1L }, "{\"data\":"u8, "}"u8)),
            Is.EqualTo("""{"data":{"a":1}}"""));

    [Test]
    public void A_large_document_grows_the_buffer()
    {
        var list = Enumerable.Range(0, 50_000).Select(i => (object?)new Map { ["id"] = (long)i, ["name"] = $"Item {i} ü" }).ToList();
        AssertSame(list);
    }

    private static object? RandomValue(Random random, int depth)
    {
        var kind = random.Next(depth > 5 ? 6 : 8);
        switch (kind)
        {
            case 0: return null;
            case 1: return random.Next(2) == 0;
            case 2: return random.NextInt64(-1_000_000, 1_000_000);
            case 3: return random.NextDouble() * 1000 - 500;
            case 4:
            case 5:
                return new string(Enumerable.Range(0, random.Next(12)).Select(_ => (char)random.Next(0, 0x3000)).ToArray());
            case 6:
                var map = new Map();
                for (var i = random.Next(5); i > 0; i--)
                {
                    map[$"k{random.Next(100)}\u2028{(char)random.Next(32)}"] = RandomValue(random, depth + 1);
                }
                return map;
            default:
                return Enumerable.Range(0, random.Next(5)).Select(_ => RandomValue(random, depth + 1)).ToList();
        }
    }
}
