using ApiStudio.Engine.OpenApi;
using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.OpenApi;

/// <summary>What a new version of a resource breaks for the clients of the published one, one sentence per change naming the input.</summary>
public class BreakingChangesTests
{
    /// <summary>A resource whose process is the list of request reads given (one node per line, flow style).</summary>
    private static PreparedResource Reads(string uri, string method, params string[] nodes) => TestEngine.Prepare($"""
        name: Items
        description: Reads request inputs.
        account: tests
        application: unit
        uri: {uri}
        method: {method}
        ttl: 0
        process:
        {string.Join("\n", nodes.Select(node => $"  - {node}"))}
        """ + (nodes.Length == 0 ? "  - nothing\n" : "\n"));

    private static IReadOnlyList<string> Changes(PreparedResource published, PreparedResource draft) =>
        BreakingChanges.Between(published, draft);

    private const string Name = "{processor: var_get, id: name, key: name}";

    [Test]
    public void The_same_inputs_break_nothing_and_new_optional_ones_neither()
    {
        Assert.That(Changes(Reads("items", "get", Name), Reads("items", "get", Name)), Is.Empty);
        Assert.That(Changes(Reads("items", "get", Name),
            Reads("items", "get", Name, "{processor: var_get, id: page, key: page, nullable: true}",
                "{processor: var_header, id: trace, key: X-Trace, nullable: true}")), Is.Empty);
    }

    [Test]
    public void A_removed_query_parameter_header_or_body_field_is_named()
    {
        Assert.That(Changes(Reads("items", "get", Name, "{processor: var_get, id: sort, key: sort}"), Reads("items", "get", Name)),
            Is.EqualTo(new[] { "Query parameter 'sort' was removed." }));
        Assert.That(Changes(Reads("items", "get", "{processor: var_header, id: tenant, key: X-Tenant}"), Reads("items", "get")),
            Is.EqualTo(new[] { "Header 'X-Tenant' was removed." }));
        Assert.That(Changes(Reads("items", "post", "{processor: var_post, id: price, key: price}", "{processor: var_post, id: qty, key: qty}"),
                Reads("items", "post", "{processor: var_post, id: price, key: price}")),
            Is.EqualTo(new[] { "Body field 'qty' was removed." }));
    }

    [Test]
    public void One_input_gone_and_one_come_in_the_same_place_is_a_rename()
    {
        Assert.That(Changes(Reads("items", "get", Name), Reads("items", "get", "{processor: var_get, id: full, key: full_name}")),
            Is.EqualTo(new[] { "Query parameter 'name' was renamed to 'full_name'." }));
        Assert.That(Changes(Reads("items", "post", "{processor: var_post, id: qty, key: qty}"),
                Reads("items", "post", "{processor: var_post, id: qty, key: quantity, expected_type: integer}")),
            Is.EqualTo(new[] { "Body field 'qty' was renamed to 'quantity'.", "Body field 'quantity' changed type from string to integer (int64)." }));
    }

    [Test]
    public void Headers_are_compared_whatever_their_case()
    {
        Assert.That(Changes(Reads("items", "get", "{processor: var_header, id: tenant, key: X-Tenant}"),
            Reads("items", "get", "{processor: var_header, id: tenant, key: x-tenant}")), Is.Empty);
    }

    [Test]
    public void Path_parameters_are_compared_by_position_a_new_name_is_a_rename_and_a_missing_one_a_removal()
    {
        Assert.That(Changes(Reads("items/{id}", "get", "{processor: var_uri, id: id, key: id}"),
                Reads("items/{key}", "get", "{processor: var_uri, id: key, key: key}")),
            Is.EqualTo(new[] { "Path parameter 'id' was renamed to 'key'." }));
        Assert.That(Changes(Reads("weekday", "get", "{processor: var_uri, id: day, index: 0}"), Reads("weekday", "get")),
            Is.EqualTo(new[] { "Path parameter 'day' (segment 1 of the path parameters) was removed." }));
    }

    [Test]
    public void A_changed_type_is_named_with_both_types_but_a_type_that_now_accepts_anything_is_not()
    {
        Assert.That(Changes(Reads("items", "get", Name), Reads("items", "get", "{processor: var_get, id: name, key: name, expected_type: integer}")),
            Is.EqualTo(new[] { "Query parameter 'name' changed type from string to integer (int64)." }));
        Assert.That(Changes(Reads("items", "get", "{processor: var_uri, id: day, index: 0, expected_type: integer}"),
                Reads("items", "get", "{processor: var_uri, id: day, index: 0, expected_type: boolean}")),
            Is.EqualTo(new[] { "Path parameter 'day' changed type from integer (int64) to boolean." }));
        Assert.That(Changes(Reads("items", "post", "{processor: var_body, id: body}"),
                Reads("items", "post", "{processor: var_body, id: body, expected_type: array}")),
            Is.EqualTo(new[] { "The request body changed type from string to array." }));
        Assert.That(Changes(Reads("items", "get", Name), Reads("items", "get", "{processor: var_get, id: name, key: name, expected_type: json}")),
            Is.Empty);
    }

    [Test]
    public void An_input_that_became_required_or_a_new_required_one_is_named()
    {
        Assert.That(Changes(Reads("items", "get", "{processor: var_get, id: name, key: name, nullable: true}"), Reads("items", "get", Name)),
            Is.EqualTo(new[] { "Query parameter 'name' is now required." }));
        Assert.That(Changes(Reads("items", "get", "{processor: var_uri, id: page, index: 0, nullable: true}"),
                Reads("items", "get", "{processor: var_uri, id: page, index: 0}")),
            Is.EqualTo(new[] { "Path parameter 'page' is now required." }));
        Assert.That(Changes(Reads("items", "get", Name), Reads("items", "get", Name, "{processor: var_header, id: key, key: X-Key}")),
            Is.EqualTo(new[] { "Header 'X-Key' is new and required." }));
        Assert.That(Changes(Reads("items", "post", "{processor: var_post, id: qty, key: qty, nullable: true}"),
                Reads("items", "post", "{processor: var_post, id: qty, key: qty}")),
            Is.EqualTo(new[] { "Body field 'qty' is now required." }));
    }

    [Test]
    public void A_changed_method_or_uri_is_named_with_both()
    {
        Assert.That(Changes(Reads("items", "get"), Reads("items", "post")),
            Is.EqualTo(new[] { "The method changed from GET to POST: clients still sending GET are refused." }));
        Assert.That(Changes(Reads("orders/total", "get"), Reads("orders/sum", "get")),
            Is.EqualTo(new[] { "The uri changed from 'orders/total' to 'orders/sum': clients of the old uri no longer reach the resource." }));
    }

    [Test]
    public void The_openapi_key_of_a_resource_counts_as_generated()
    {
        var required = TestEngine.Prepare("""
            name: Items
            description: Reads request inputs.
            account: tests
            application: unit
            uri: items
            method: get
            ttl: 0
            openapi:
              parameters:
                - {name: name, in: query, required: true}
            process:
              - {processor: var_get, id: name, key: name, nullable: true}
            """);
        Assert.That(Changes(Reads("items", "get", "{processor: var_get, id: name, key: name, nullable: true}"), required),
            Is.EqualTo(new[] { "Query parameter 'name' is now required." }));
    }
}
