using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ApiStudio.Engine.Http;

/// <summary>
/// The result cache: successful answers of GET resources with <c>ttl &gt; 0</c>, for ttl seconds.
/// </summary>
/// <remarks>
/// The key covers the resource (id and version, so a new version never serves an old answer), account, application,
/// method, every uri segment (the <c>{name}</c> values and the positional arguments), the query string, the response
/// format and everything else the prepared plan may read (<see cref="PlanReads"/>): the headers its nodes name, every
/// header when one reads any, and the caller's credentials and identity when one reads the caller. A plan that reads
/// what no key can cover (the body, or anything an undeclared processor might) is not cached at all. The key is a
/// SHA-256 digest of all that: credentials and query strings are never held in clear. The cache is bounded in bytes,
/// so varying query strings cannot exhaust memory.
/// </remarks>
public sealed class ResultCache : IDisposable
{
    private static readonly string[] CredentialHeaders = ["Authorization", "X-ApiStudio-Api-Key", "Cookie"];

    private readonly MemoryCache _entries;

    /// <summary>A cache bounded by <see cref="ApiStudioOptions.ResultCacheBytes"/>.</summary>
    public ResultCache(IOptions<ApiStudioOptions> options)
    {
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.ResultCacheBytes) });
    }

    /// <summary>
    /// The key of a cacheable request (a GET of a resource with ttl &gt; 0), or null when the answer must not be
    /// cached. Call it after security ran, so that <paramref name="caller"/> is known.
    /// </summary>
    public static string? KeyOf(PublishedResource published, IReadOnlyList<string> segments, HttpRequest request,
        OutputFormat format, Security.Caller? caller)
    {
        var resource = published.Resource;
        var reads = resource.Reads;
        if (resource.Method != "get" || resource.Document.Ttl is not > 0 || !reads.Cacheable)
        {
            return null;
        }
        var key = new KeyWriter();
        key.Add(published.Resid);
        key.Add(published.Version);
        key.Add(resource.Account);
        key.Add(resource.Application);
        key.Add(resource.Method);
        key.Add(resource.Uri);
        key.Add(segments.Count);
        foreach (var segment in segments)
        {
            key.Add(segment);
        }
        key.Add(request.QueryString.Value ?? "");
        key.Add((long)format);
        if (reads.ReadsAllHeaders)
        {
            AddAllHeaders(ref key, request.Headers);
        }
        else
        {
            foreach (var name in reads.HeaderNames)
            {
                key.Add(name);
                AddValues(ref key, request.Headers[name]);
            }
        }
        if (reads.ReadsCaller)
        {
            // Two callers never share an answer: their credentials differ, or the identity security found does.
            foreach (var header in CredentialHeaders)
            {
                AddValues(ref key, request.Headers[header]);
            }
            key.Add(caller?.Uid ?? -1);
            key.Add(caller?.Username ?? "");
            key.Add(caller?.ApiKeyAppid ?? -1);
        }
        return key.Digest();
    }

    /// <summary>Every header, names in lower case and sorted, each with all its values.</summary>
    private static void AddAllHeaders(ref KeyWriter key, IHeaderDictionary headers)
    {
        var names = new string[headers.Count];
        var count = 0;
        foreach (var name in headers.Keys)
        {
            names[count++] = name.ToLowerInvariant();
        }
        Array.Sort(names, 0, count, StringComparer.Ordinal);
        key.Add(count);
        for (var i = 0; i < count; i++)
        {
            key.Add(names[i]);
            AddValues(ref key, headers[names[i]]);
        }
    }

    /// <summary>A header's values, counted, so that one value "a,b" and the two values "a" and "b" differ.</summary>
    private static void AddValues(ref KeyWriter key, StringValues values)
    {
        key.Add(values.Count);
        foreach (var value in values)
        {
            key.Add(value ?? "");
        }
    }

    /// <summary>The cached answer for <paramref name="key"/>, if any.</summary>
    public bool TryGet(string key, out ApiResponse response) =>
        _entries.TryGetValue(key, out response!) && response is not null;

    /// <summary>Keeps <paramref name="response"/> for <paramref name="ttlSeconds"/> seconds.</summary>
    public void Store(string key, ApiResponse response, long ttlSeconds)
    {
        using var entry = _entries.CreateEntry(key);
        entry.Value = response;
        var size = response.Body.Length + response.ContentType.Length + 128L;
        foreach (var (name, value) in response.Headers)
        {
            size += name.Length + value.Length + 32;
        }
        entry.Size = size;
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(ttlSeconds);
    }

    /// <inheritdoc />
    public void Dispose() => _entries.Dispose();

    /// <summary>
    /// Collects length-prefixed parts (so that no two different part lists give the same input) in a pooled buffer and
    /// digests them with one SHA-256 call.
    /// </summary>
    private struct KeyWriter()
    {
        private PooledBytes _bytes = new(512);

        public void Add(long value)
        {
            _bytes.Reserve(8);
            BinaryPrimitives.WriteInt64LittleEndian(_bytes.Free, value);
            _bytes.Advance(8);
        }

        public void Add(string value)
        {
            _bytes.Reserve(8 + Encoding.UTF8.GetMaxByteCount(value.Length));
            var written = Encoding.UTF8.GetBytes(value, _bytes.Free[8..]);
            BinaryPrimitives.WriteInt64LittleEndian(_bytes.Free, written);
            _bytes.Advance(8 + written);
        }

        public string Digest()
        {
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(_bytes.Written, digest);
            _bytes.Dispose();
            return Convert.ToHexString(digest);
        }
    }
}
