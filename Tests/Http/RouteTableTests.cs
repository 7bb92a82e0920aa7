using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Http;

/// <summary>The in-memory route table: method, then the longest uri, literal before <c>{name}</c>.</summary>
public class RouteTableTests
{
    private static long _nextResid;

    private static PublishedResource Resource(string method, string uri, string account = "acme", string application = "shop") =>
        new(Interlocked.Increment(ref _nextResid), 1, 1, new PreparedResource(
            new ResourceDocument { Source = "test", Ttl = 0 }, account, application, method, uri, null,
            new Dictionary<string, PlanElement>(), new LiteralPlan(DataContainer.Text(uri)), [OutputTarget.Response]));

    private static RouteMatch Match(RouteTable table, string method, string path) =>
        table.Match("acme", "shop", method, path.Split('/', StringSplitOptions.RemoveEmptyEntries));

    private static string? UriOf(RouteMatch match) => match.Resource?.Resource.Uri;

    [Test]
    public void A_resource_is_found_by_its_identity_and_a_later_one_with_the_same_identity_replaces_it()
    {
        var first = Resource("get", "items/{id}");
        var replacement = Resource("get", "items/{id}");
        var other = Resource("post", "items/{id}");
        var table = RouteTable.Build([first, other, replacement]);
        Assert.Multiple(() =>
        {
            Assert.That(table.FindByIdentity("acme", "shop", "get", "items/{id}"), Is.SameAs(replacement));
            Assert.That(table.FindByIdentity("acme", "shop", "post", "items/{id}"), Is.SameAs(other));
            Assert.That(table.FindByIdentity("acme", "shop", "delete", "items/{id}"), Is.Null);
            Assert.That(table.FindByIdentity("acme", "other", "get", "items/{id}"), Is.Null);
            Assert.That(table.Resources, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void The_method_is_matched_first()
    {
        var table = RouteTable.Build([Resource("get", "orders"), Resource("post", "orders")]);
        Assert.That(Match(table, "post", "orders").Resource!.Resource.Method, Is.EqualTo("post"));
        Assert.That(Match(table, "get", "orders").Resource!.Resource.Method, Is.EqualTo("get"));
    }

    [Test]
    public void The_longest_literal_prefix_wins_and_the_rest_are_positional_arguments()
    {
        var table = RouteTable.Build([Resource("get", "orders"), Resource("get", "orders/open"), Resource("get", "orders/open/late")]);
        var match = Match(table, "get", "orders/open/today/7");
        Assert.That(UriOf(match), Is.EqualTo("orders/open"));
        Assert.That(match.Arguments, Is.EqualTo(new[] { "today", "7" }));
        Assert.That(UriOf(Match(table, "get", "orders/open/late")), Is.EqualTo("orders/open/late"));
        Assert.That(Match(table, "get", "orders/closed").Arguments, Is.EqualTo(new[] { "closed" }));
    }

    [Test]
    public void A_name_segment_matches_one_segment_and_is_read_by_key()
    {
        var table = RouteTable.Build([Resource("get", "users/{id}/orders")]);
        var match = Match(table, "get", "users/42/orders/3");
        Assert.That(UriOf(match), Is.EqualTo("users/{id}/orders"));
        Assert.That(match.Keys, Is.EqualTo(new Dictionary<string, string> { ["id"] = "42" }));
        Assert.That(match.Arguments, Is.EqualTo(new[] { "3" }));
    }

    [Test]
    public void A_literal_segment_is_preferred_over_a_name_segment()
    {
        var table = RouteTable.Build([Resource("get", "users/{id}"), Resource("get", "users/me")]);
        Assert.That(UriOf(Match(table, "get", "users/me")), Is.EqualTo("users/me"));
        var other = Match(table, "get", "users/7");
        Assert.That(UriOf(other), Is.EqualTo("users/{id}"));
        Assert.That(other.Keys["id"], Is.EqualTo("7"));
    }

    [Test]
    public void A_longer_match_through_a_name_segment_beats_a_shorter_literal_one()
    {
        var table = RouteTable.Build([Resource("get", "users/me"), Resource("get", "users/{id}/orders")]);
        var match = Match(table, "get", "users/me/orders");
        Assert.That(UriOf(match), Is.EqualTo("users/{id}/orders"));
        Assert.That(match.Keys["id"], Is.EqualTo("me"));
        Assert.That(match.Arguments, Is.Empty);
    }

    [Test]
    public void A_literal_sibling_explored_first_does_not_leak_its_values_into_the_name_branch()
    {
        // The literal branch "a/x/{p}/deep" is explored first and fills a value slot with "y"; it has no resource
        // for these segments, so the parameter branch "a/{q}/y/{r}" must be reported with its own values.
        var table = RouteTable.Build([Resource("get", "a/x/{p}/deep"), Resource("get", "a/{q}/y/{r}")]);
        var match = Match(table, "get", "a/x/y/z");
        Assert.That(UriOf(match), Is.EqualTo("a/{q}/y/{r}"));
        Assert.That(match.Keys, Is.EqualTo(new Dictionary<string, string> { ["q"] = "x", ["r"] = "z" }));
        Assert.That(match.Arguments, Is.Empty);
    }

    [Test]
    public void A_literal_sibling_keeps_its_values_when_it_wins()
    {
        var table = RouteTable.Build([Resource("get", "a/x/{p}"), Resource("get", "a/{q}/{r}")]);
        var match = Match(table, "get", "a/x/y");
        Assert.That(UriOf(match), Is.EqualTo("a/x/{p}"));
        Assert.That(match.Keys, Is.EqualTo(new Dictionary<string, string> { ["p"] = "y" }));
    }

    [Test]
    public void Another_method_at_the_uri_gives_the_allowed_methods()
    {
        var table = RouteTable.Build([Resource("get", "orders"), Resource("delete", "orders/{id}"), Resource("put", "orders/{id}")]);
        var match = Match(table, "post", "orders/5");
        Assert.That(match.Resource, Is.Null);
        Assert.That(match.AllowedMethods, Is.EqualTo(new[] { "delete", "get", "put" }));
    }

    [Test]
    public void Nothing_at_the_uri_gives_no_allowed_methods()
    {
        var table = RouteTable.Build([Resource("get", "orders")]);
        var match = Match(table, "get", "customers");
        Assert.That((match.Resource, match.AllowedMethods.Count), Is.EqualTo(((PublishedResource?)null, 0)));
    }

    [Test]
    public void Applications_are_separate()
    {
        var table = RouteTable.Build([Resource("get", "orders", application: "other")]);
        Assert.That(Match(table, "get", "orders").Resource, Is.Null);
        Assert.That(table.Match("acme", "other", "get", ["orders"]).Resource, Is.Not.Null);
    }

    [Test]
    public void A_later_resource_with_the_same_identity_replaces_the_earlier_one()
    {
        var first = Resource("get", "orders");
        var second = Resource("get", "orders");
        var table = RouteTable.Build([first, second]);
        Assert.That(Match(table, "get", "orders").Resource, Is.SameAs(second));
        Assert.That(table.Resources, Has.Count.EqualTo(1));
    }

    [Test]
    public void Matching_walks_dictionaries_so_ten_thousand_resources_match_as_one()
    {
        // Matching cost must not depend on the number of resources. The table is a tree of dictionaries
        // keyed by segment (no scan over resources); this builds 10,000 of them and checks exact matches among them.
        var resources = new List<PublishedResource>();
        for (var i = 0; i < 10_000; i++)
        {
            resources.Add(Resource("get", $"items{i % 100}/{i}/{{id}}"));
        }
        resources.Add(Resource("get", "items7"));
        var table = RouteTable.Build(resources);
        Assert.That(table.Resources, Has.Count.EqualTo(10_001));
        foreach (var i in new[] { 0, 4_321, 9_999 })
        {
            var match = Match(table, "get", $"items{i % 100}/{i}/abc/tail");
            Assert.That(UriOf(match), Is.EqualTo($"items{i % 100}/{i}/{{id}}"));
            Assert.That(match.Keys["id"], Is.EqualTo("abc"));
            Assert.That(match.Arguments, Is.EqualTo(new[] { "tail" }));
        }
        var shorter = Match(table, "get", "items7/8");
        Assert.That((UriOf(shorter), shorter.Arguments.Single()), Is.EqualTo(("items7", "8")));
    }
}
