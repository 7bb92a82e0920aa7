using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using ApiStudio.Processors;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Engine.Caching;

/// <summary>
/// What a prepared plan reads of the request, combined over security, fragments, process and output, wherever a node
/// sits (lists, maps, branches): the result cache keys answers by it, and refuses plans whose reads no key covers.
/// </summary>
public class PlanReadsTests
{
    private static readonly ResourcePlanner PlannerWithNamelessHeaderReader =
        new(ProcessorCatalogue.From(TestEngine.Catalogue.All.Append(new NamelessHeaderReader())));

    private static PlanReads ReadsOf(string processYaml, string extra = "", long ttl = 60) =>
        Prepare(processYaml, extra, ttl).Reads;

    private static PreparedResource Prepare(string processYaml, string extra = "", long ttl = 60) =>
        TestEngine.Prepare(TestEngine.Resource(processYaml, extra).Replace("ttl: 0", $"ttl: {ttl}"));

    private static string Node(string processor, string id, string inputs = "") =>
        $"processor: {processor}\nid: {id}\n{inputs}";

    [Test]
    public void A_literal_tree_reads_nothing_and_is_cacheable()
    {
        var reads = ReadsOf("hello");
        Assert.That((reads.Reads, reads.Cacheable, reads.HeaderNames), Is.EqualTo((RequestReads.None, true, Array.Empty<string>())));
    }

    [TestCase("var_get", "key: q")]
    [TestCase("var_uri", "index: 0")]
    [TestCase("var_str", "value: x")]
    [TestCase("concatenate", "items: [a, b]")]
    public void Query_uri_and_pure_processors_read_nothing_the_key_does_not_already_cover(string processor, string inputs)
    {
        Assert.That(ReadsOf(Node(processor, "n", inputs)).Reads, Is.EqualTo(RequestReads.None));
    }

    [Test]
    public void A_header_named_by_a_literal_keys_by_that_header_alone_whatever_its_case()
    {
        var reads = ReadsOf("""
            processor: concatenate
            id: both
            items:
              - processor: var_header
                id: tenant
                key: X-Tenant
              - processor: var_header
                id: tenant_again
                key: x-tenant
              - processor: var_header
                id: locale
                key: Accept-Language
            """);
        Assert.That(reads.Reads, Is.EqualTo(RequestReads.NamedHeaders));
        Assert.That(reads.HeaderNames, Is.EqualTo(new[] { "accept-language", "x-tenant" }));
        Assert.That(reads.Cacheable);
    }

    [Test]
    public void A_header_named_by_a_computed_value_keys_by_every_header()
    {
        var reads = ReadsOf("""
            processor: var_header
            id: chosen
            key:
              processor: var_get
              id: which
              key: header
            """);
        Assert.That((reads.Reads, reads.HeaderNames), Is.EqualTo((RequestReads.AllHeaders, Array.Empty<string>())));
        Assert.That(reads.Cacheable);
    }

    [Test]
    public void A_processor_reading_named_headers_without_naming_its_input_keys_by_every_header()
    {
        var prepared = PlannerWithNamelessHeaderReader.Prepare(ResourceLoader.Load(
            TestEngine.Resource(Node("nameless_header_reader", "reader")).Replace("ttl: 0", "ttl: 60"), "test.yaml"));
        Assert.That(prepared.Reads.Reads, Is.EqualTo(RequestReads.AllHeaders));
    }

    [TestCase("bearer_token", "")]
    [TestCase("validate_token", "")]
    [TestCase("validate_token_roles", "roles: [Developer]")]
    [TestCase("validate_api_key", "")]
    [TestCase("var_store_read", "key: k")]
    [TestCase("account_read", "")]
    [TestCase("user_read", "")]
    public void Credential_var_store_and_admin_processors_read_the_caller(string processor, string inputs)
    {
        var reads = ReadsOf(Node(processor, "n", inputs));
        Assert.That(reads.Reads, Is.EqualTo(RequestReads.Caller));
        Assert.That(reads.Cacheable);
    }

    [Test]
    public void A_resource_call_reads_every_header_and_the_caller_since_it_forwards_them()
    {
        Assert.That(ReadsOf(Node("resource_call", "call", "uri: elsewhere")).Reads, Is.EqualTo(RequestReads.AllHeaders | RequestReads.Caller));
    }

    [TestCase("var_body", "")]
    [TestCase("var_post", "key: p")]
    [TestCase("var_request", "key: p")]
    [TestCase("var_file", "filename: upload")]
    public void Body_readers_make_the_plan_uncacheable_and_are_named(string processor, string inputs)
    {
        var reads = ReadsOf(Node(processor, "from_body", inputs));
        Assert.That(reads.Reads & RequestReads.Body, Is.EqualTo(RequestReads.Body));
        Assert.That(reads.Cacheable, Is.False);
        Assert.That(reads.Uncacheable, Is.EqualTo(new[] { new UncacheableNode("from_body", processor, RequestReads.Body) }));
    }

    [Test]
    public void Processors_that_issue_credentials_make_the_plan_uncacheable()
    {
        var reads = ReadsOf("""
            processor: generate_token
            id: sign_in
            username:
              processor: var_get
              id: user
              key: user
            password:
              processor: var_get
              id: password
              key: password
            """);
        Assert.That((reads.Cacheable, reads.Uncacheable.Single().NodeId), Is.EqualTo((false, "sign_in")));
    }

    [Test]
    public void A_plugin_that_declares_nothing_reads_anything_so_its_plan_is_never_cached()
    {
        var prepared = TestCatalogue.Prepare(TestEngine.Resource(Node("test_count", "counter", "name: n")).Replace("ttl: 0", "ttl: 60"));
        Assert.That(prepared.Reads.Reads, Is.EqualTo(RequestReads.Unknown));
        Assert.That(prepared.Reads.Cacheable, Is.False);
        Assert.That(prepared.Warnings.Single().ToString(), Does.Contain("node 'counter'").And.Contain("test_count")
            .And.Contain("does not declare what it reads"));
    }

    [Test]
    public void Reads_nested_in_lists_maps_branches_fragments_security_and_output_all_count()
    {
        var prepared = Prepare("""
            processor: if_then_else
            id: choose
            lhs: 1
            rhs: 1
            operator: "=="
            then:
              - plain
              - shape:
                  who:
                    processor: var_header
                    id: in_map
                    key: X-In-Map
            else:
              processor: fragment
              id: use_fragment
              name: piece
            """, """
            security:
              processor: validate_api_key
              id: key_check
            fragments:
              piece:
                processor: var_header
                id: in_fragment
                key: X-In-Fragment
            output:
              - response
              - processor: json
                id: as_json
                data:
                  processor: var_header
                  id: in_output
                  key: X-In-Output
            """);
        Assert.That(prepared.Reads.Reads, Is.EqualTo(RequestReads.NamedHeaders | RequestReads.Caller));
        Assert.That(prepared.Reads.HeaderNames, Is.EqualTo(new[] { "x-in-fragment", "x-in-map", "x-in-output" }));
    }

    [Test]
    public void A_body_reader_in_an_untaken_branch_still_keeps_the_plan_out_of_the_cache()
    {
        var reads = ReadsOf("""
            processor: if_then_else
            id: choose
            lhs: 1
            rhs: 2
            operator: "=="
            then:
              processor: var_body
              id: never_taken
            else: fine
            """);
        Assert.That((reads.Cacheable, reads.Uncacheable.Single().NodeId), Is.EqualTo((false, "never_taken")));
    }

    [Test]
    public void Every_header_read_makes_named_headers_redundant()
    {
        var reads = ReadsOf("""
            - processor: var_header
              id: named
              key: X-Named
            - processor: resource_call
              id: call
              uri: elsewhere
            """);
        Assert.That((reads.Reads, reads.HeaderNames), Is.EqualTo((RequestReads.AllHeaders | RequestReads.Caller, Array.Empty<string>())));
    }

    [Test]
    public void A_cached_get_whose_plan_reads_the_body_warns_with_node_processor_and_reason()
    {
        var warnings = Prepare("""
            - processor: var_body
              id: raw
            - processor: var_post
              id: field
              key: f
            """).Warnings;
        Assert.That(warnings.Select(w => w.NodeId), Is.EqualTo(new[] { "raw", "field" }));
        Assert.That(warnings[0].ToString(), Is.EqualTo(
            "Resource 'Test resource': node 'raw': not cached (ttl 60 is ignored): var_body reads the request body, which no cache key can cover."));
    }

    [Test]
    public void No_warning_without_a_ttl_or_for_another_method_or_for_a_cacheable_plan()
    {
        Assert.That(Prepare(Node("var_body", "raw"), ttl: 0).Warnings, Is.Empty);
        Assert.That(TestEngine.Prepare(TestEngine.Resource(Node("var_body", "raw")).Replace("method: get", "method: post")
            .Replace("ttl: 0", "ttl: 60")).Warnings, Is.Empty);
        Assert.That(Prepare(Node("var_header", "h", "key: X-A")).Warnings, Is.Empty);
    }

    [Test]
    public void A_warning_never_blocks_publishing()
    {
        var document = ResourceLoader.Load(TestEngine.Resource(Node("var_body", "raw")).Replace("ttl: 0", "ttl: 60"), "test.yaml");
        Assert.That(TestEngine.Planner.Validator.Validate(document), Is.Empty);
        Assert.That(CacheRules.Check(TestEngine.Planner.Prepare(document)), Has.Count.EqualTo(1));
    }

    /// <summary>Declares named headers but no input naming them: the plan must fall back to every header.</summary>
    private sealed class NamelessHeaderReader : Processor
    {
        public override ProcessorDetails Details { get; } = new("Nameless header reader", "Reads some header.")
        {
            Reads = RequestReads.NamedHeaders,
        };

        protected override NodeResult Process(NodeContext context) => DataContainer.Undefined;
    }
}
