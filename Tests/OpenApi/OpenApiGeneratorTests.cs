using ApiStudio.Engine.Http;
using ApiStudio.Engine.OpenApi;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.OpenApi;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.OpenApi;

/// <summary>The OpenAPI 3 document generated from an application's published resources.</summary>
public class OpenApiGeneratorTests
{
    private static readonly ApplicationInfo Demo = new(7, 3, "examples", "demo", ApplicationSettings.Default);

    private static PublishedResource Example(string file, long resid) =>
        new(resid, Demo.Appid, 1, Planner.Prepare(ResourceLoader.LoadFile(TestHost.RepositoryFolder(Path.Combine("resources", "examples", file)))));

    private static IEnumerable<PublishedResource> Examples() =>
    [
        Example("weekday.yaml", 1), Example("greeting.yaml", 2), Example("calculator.yaml", 3), Example("order_total.yaml", 4),
    ];

    /// <summary>
    /// A resource as published, planned without validation: the generator reads only the document, and the security
    /// processors it recognises by name need not be in this catalogue.
    /// </summary>
    private static PublishedResource Unvalidated(string yaml, long resid = 10)
    {
        var document = ResourceLoader.Load(yaml, "test.yaml");
        var prepared = new PreparedResource(document, document.Account!, document.Application!, document.Method!, document.Uri!,
            null, new Dictionary<string, PlanElement>(), new LiteralPlan(DataContainer.Undefined), [OutputTarget.Response]);
        return new PublishedResource(resid, Demo.Appid, 1, prepared);
    }

    private static Map Generate(params PublishedResource[] resources) => OpenApiGenerator.Generate(Demo, resources, "api");

    private static Map Operation(Map document, string path, string method) => (Map)((Map)((Map)document["paths"]!)[path]!)[method]!;

    private static Map Parameter(Map operation, string name) =>
        ((List<object?>)operation["parameters"]!).Cast<Map>().Single(p => (string)p["name"]! == name);

    private static object? At(object? value, params string[] path)
    {
        foreach (var key in path)
        {
            value = ((Map)value!)[key];
        }
        return value;
    }

    [Test]
    public void The_example_application_has_one_path_per_resource_with_the_server_of_the_application()
    {
        var document = OpenApiGenerator.Generate(Demo, Examples(), "api");
        Assert.That(document["openapi"], Does.StartWith("3.0"));
        Assert.That(At(document, "info", "title"), Is.EqualTo("examples/demo"));
        Assert.That(((List<object?>)document["servers"]!).Cast<Map>().Single()["url"], Is.EqualTo("/api/examples/demo"));
        Assert.That(((Map)document["paths"]!).Keys, Is.EqualTo(new[] { "/calculator/quadratic", "/greeting", "/orders/line-total", "/weekday/{day}" }));
        Assert.That(((Map)((Map)document["paths"]!)["/orders/line-total"]!).Keys, Is.EqualTo(new[] { "post" }));
    }

    [Test]
    public void The_example_document_reads_back_without_errors()
    {
        var json = PlainJson.Serialize(OpenApiGenerator.Generate(Demo, Examples(), "api"));
        var result = OpenApiDocument.Parse(json, "json");
        Assert.That(result.Diagnostic!.Errors.Select(e => e.ToString()), Is.Empty);
        Assert.That(result.Document!.Paths.Keys, Has.Member("/greeting"));
    }

    [Test]
    public void Query_variables_are_typed_and_required_unless_nullable()
    {
        var document = OpenApiGenerator.Generate(Demo, Examples(), "api");
        var calculator = Operation(document, "/calculator/quadratic", "get");
        Assert.That(((List<object?>)calculator["parameters"]!).Cast<Map>().Select(p => p["name"]), Is.EqualTo(new[] { "a", "b", "c", "x" }));
        var a = Parameter(calculator, "a");
        Assert.That((a["in"], a["required"], At(a, "schema", "type"), At(a, "schema", "format")), Is.EqualTo(("query", true, "number", "double")));
        Assert.That((calculator["operationId"], calculator["summary"]), Is.EqualTo(("get_calculator_quadratic", "Calculator")));

        // greeting reads name nullable in one node and not in another (a conditional branch): it copes without it.
        var name = Parameter(Operation(document, "/greeting", "get"), "name");
        Assert.That((name.GetValueOrDefault("required") ?? false, At(name, "schema", "type")), Is.EqualTo((false, "string")));
    }

    [Test]
    public void Positional_arguments_become_path_parameters_named_by_their_node()
    {
        var weekday = Operation(OpenApiGenerator.Generate(Demo, Examples(), "api"), "/weekday/{day}", "get");
        var day = Parameter(weekday, "day");
        Assert.That((day["in"], day["required"], At(day, "schema", "type")), Is.EqualTo(("path", true, "string")));
    }

    [Test]
    public void Post_variables_describe_the_request_body_in_json_and_form_encodings()
    {
        var body = (Map)Operation(OpenApiGenerator.Generate(Demo, Examples(), "api"), "/orders/line-total", "post")["requestBody"]!;
        Assert.That(body["required"], Is.EqualTo(true));
        Assert.That(((Map)body["content"]!).Keys, Is.EquivalentTo(new[] { "application/json", "application/x-www-form-urlencoded", "multipart/form-data" }));
        var schema = (Map)At(body, "content", "application/json", "schema")!;
        Assert.That(At(schema, "properties", "qty", "type"), Is.EqualTo("integer"));
        Assert.That(At(schema, "properties", "price", "type"), Is.EqualTo("number"));
        Assert.That(((List<object?>)schema["required"]!), Is.EquivalentTo(new[] { "qty", "price" }));
    }

    [Test]
    public void Named_segments_headers_positional_gaps_and_the_whole_body_are_described()
    {
        var operation = Operation(Generate(Unvalidated("""
            name: Item
            description: Updates an item.
            account: examples
            application: demo
            uri: items/{id}
            method: put
            ttl: 0
            process:
              processor: var_collection
              id: all
              items:
                - processor: var_uri
                  id: id
                  key: id
                  expected_type: integer
                - processor: var_uri
                  id: version
                  index: 1
                  expected_type: integer
                - processor: var_header
                  id: trace
                  key: X-Trace
                  nullable: true
                - processor: var_body
                  id: payload
                  expected_type: json
            """)), "/items/{id}/{arg0}/{version}", "put");
        Assert.That(((List<object?>)operation["parameters"]!).Cast<Map>().Select(p => $"{p["in"]} {p["name"]}"),
            Is.EqualTo(new[] { "path id", "path arg0", "path version", "header X-Trace" }));
        Assert.That(At(Parameter(operation, "id"), "schema", "type"), Is.EqualTo("integer"));
        Assert.That(Parameter(operation, "X-Trace").GetValueOrDefault("required") ?? false, Is.EqualTo(false));
        Assert.That(((Map)At(operation, "requestBody", "content")!).Keys, Is.EqualTo(new[] { "application/json", "text/plain" }));
        Assert.That(At(operation, "requestBody", "required"), Is.EqualTo(true));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_queued_resource_answers_202_with_its_job_in_the_envelope_instead_of_200(bool wrap)
    {
        var app = Demo with { Settings = ApplicationSettings.Default with { Wrap = wrap } };
        var document = OpenApiGenerator.Generate(app, [Unvalidated(CliDocuments.Literal("report", "r", extra: "queued: true"))], "api");
        var responses = (Map)Operation(document, "/report", "get")["responses"]!;
        Assert.That(responses.Keys, Is.EqualTo(new[] { "202", "default" }));
        var schema = At(responses, "202", "content", "application/json", "schema");
        var job = wrap ? At(schema, "properties", "data") : schema;
        Assert.That(((Map)At(job, "properties")!).Keys, Is.EqualTo(new[] { "job_id", "status_url" }));
        Assert.That(At(job, "properties", "job_id", "type"), Is.EqualTo("integer"));
        var plain = Generate(Unvalidated(CliDocuments.Literal("report", "r")));
        Assert.That(((Map)Operation(plain, "/report", "get")["responses"]!).Keys, Is.EqualTo(new[] { "200", "default" }));
    }

    [Test]
    public void A_public_resource_has_no_security()
    {
        var document = OpenApiGenerator.Generate(Demo, Examples(), "api");
        Assert.That(document.ContainsKey("components") && ((Map)document["components"]!).ContainsKey("securitySchemes"), Is.False);
        Assert.That(Operation(document, "/greeting", "get").ContainsKey("security"), Is.False);
    }

    [Test]
    public void Token_security_becomes_a_bearer_scheme_and_api_key_security_api_key_schemes()
    {
        var document = Generate(
            Unvalidated(CliDocuments.Literal("secret", "s", extra: """
                security:
                  processor: validate_token_roles
                  id: roles
                  roles: [Developer]
                """), 11),
            Unvalidated(CliDocuments.Literal("keyed", "k", extra: """
                security:
                  processor: validate_api_key
                  id: key
                """), 12));
        var schemes = (Map)At(document, "components", "securitySchemes")!;
        Assert.That(schemes.Keys, Is.EquivalentTo(new[] { "bearer", "api_key_header", "api_key_query" }));
        Assert.That((At(schemes, "bearer", "type"), At(schemes, "bearer", "scheme")), Is.EqualTo(("http", "bearer")));
        Assert.That((At(schemes, "api_key_header", "in"), At(schemes, "api_key_header", "name")), Is.EqualTo(("header", "X-ApiStudio-Api-Key")));
        Assert.That((At(schemes, "api_key_query", "in"), At(schemes, "api_key_query", "name")), Is.EqualTo(("query", "api_key")));

        var secret = Operation(document, "/secret", "get");
        Assert.That(PlainJson.Serialize(secret["security"]), Is.EqualTo("""[{"bearer":[]}]"""));
        Assert.That(((Map)secret["responses"]!).Keys, Has.Member("403"));
        Assert.That(PlainJson.Serialize(Operation(document, "/keyed", "get")["security"]),
            Is.EqualTo("""[{"api_key_header":[]},{"api_key_query":[]}]"""));
    }

    [Test]
    public void Validated_resources_secured_by_the_real_security_processors_get_their_schemes_and_a_401()
    {
        // Planned through the validator with the real catalogue: the trees below are publishable as they are.
        var tokens = new PublishedResource(21, Demo.Appid, 1, Prepare(CliDocuments.Literal("orders", "o", extra: """
            security:
              processor: validate_token_roles
              id: developers
              roles: [Developer, Application manager]
              token:
                processor: bearer_token
                id: bearer
            """)));
        var signedIn = new PublishedResource(22, Demo.Appid, 1, Prepare(CliDocuments.Literal("profile", "p", extra: """
            security:
              processor: validate_token
              id: signed_in
            """)));
        var keyed = new PublishedResource(23, Demo.Appid, 1, Prepare(CliDocuments.Literal("stock", "s", extra: """
            security:
              processor: validate_api_key
              id: key
              roles: [Consumer]
            """)));
        var document = Generate(tokens, signedIn, keyed, Example("greeting.yaml", 24));

        Assert.That(((Map)At(document, "components", "securitySchemes")!).Keys,
            Is.EquivalentTo(new[] { "bearer", "api_key_header", "api_key_query" }));
        foreach (var path in new[] { "/orders", "/profile" })
        {
            var operation = Operation(document, path, "get");
            Assert.That(PlainJson.Serialize(operation["security"]), Is.EqualTo("""[{"bearer":[]}]"""), path);
            Assert.That(((Map)operation["responses"]!).Keys, Is.SupersetOf(new[] { "401", "403" }), path);
        }
        var stock = Operation(document, "/stock", "get");
        Assert.That(PlainJson.Serialize(stock["security"]), Is.EqualTo("""[{"api_key_header":[]},{"api_key_query":[]}]"""));
        Assert.That(((Map)stock["responses"]!).Keys, Is.SupersetOf(new[] { "401", "403" }));
        var greeting = Operation(document, "/greeting", "get");
        Assert.That(greeting.ContainsKey("security"), Is.False);
        Assert.That(((Map)greeting["responses"]!).Keys, Has.No.Member("401").And.No.Member("403"));
    }

    [Test]
    public void Security_processors_that_check_no_credentials_give_no_scheme()
    {
        // refresh_token and generate_token mention a token in their names but check no caller's credentials.
        var document = Generate(Unvalidated(CliDocuments.Literal("renew", "r", extra: """
            security:
              processor: refresh_token
              id: renew
            """), 25));
        Assert.That(document.ContainsKey("components") && ((Map)document["components"]!).ContainsKey("securitySchemes"), Is.False);
        Assert.That(Operation(document, "/renew", "get").ContainsKey("security"), Is.False);
    }

    [Test]
    public void The_openapi_key_merges_into_the_generated_operation()
    {
        var operation = Operation(Generate(Unvalidated("""
            name: Search
            description: Generated description.
            account: examples
            application: demo
            uri: search
            method: get
            ttl: 0
            openapi:
              summary: Search the catalogue
              description: null
              tags: [catalogue]
              parameters:
                - name: q
                  description: What to look for.
                - name: page
                  in: query
                  schema: {type: integer}
              responses:
                "404": {description: Nothing found.}
            process:
              processor: var_get
              id: q
              key: q
            """)), "/search", "get");
        Assert.That(operation["summary"], Is.EqualTo("Search the catalogue"));
        Assert.That(operation.ContainsKey("description"), Is.False);
        Assert.That(operation["tags"], Is.EqualTo(new List<object?> { "catalogue" }));
        var q = Parameter(operation, "q");
        Assert.That((q["in"], q["required"], q["description"], At(q, "schema", "type")), Is.EqualTo(("query", true, "What to look for.", "string")));
        Assert.That(At(Parameter(operation, "page"), "schema", "type"), Is.EqualTo("integer"));
        Assert.That(((Map)operation["responses"]!).Keys, Is.EquivalentTo(new[] { "200", "404", "default" }));
    }

    [Test]
    public void An_unwrapped_application_describes_raw_values_and_raw_errors()
    {
        var raw = Demo with { Settings = new ApplicationSettings { Wrap = false } };
        var operation = Operation(OpenApiGenerator.Generate(raw, Examples(), "api"), "/greeting", "get");
        Assert.That(At(operation, "responses", "200", "content", "application/json", "schema"), Is.EqualTo(new Map()));
        Assert.That(((Map)At(operation, "responses", "default", "content", "application/json", "schema", "properties")!).Keys,
            Is.EqualTo(new[] { "error" }));
    }

    [Test]
    public void Optional_trailing_positional_arguments_give_one_path_per_number_given()
    {
        var document = Generate(Unvalidated("""
            name: Versions
            description: Every version of an item, or one.
            account: examples
            application: demo
            uri: items/versions
            method: get
            ttl: 0
            openapi:
              tags: [items]
            process:
              processor: var_collection
              id: all
              items:
                - processor: var_uri
                  id: item
                  index: 0
                  expected_type: integer
                - processor: var_uri
                  id: version
                  index: 1
                  expected_type: integer
                  nullable: true
                - processor: var_uri
                  id: part
                  index: 2
                  nullable: true
            """));
        Assert.That(((Map)document["paths"]!).Keys, Is.EqualTo(new[]
        {
            "/items/versions/{item}", "/items/versions/{item}/{version}", "/items/versions/{item}/{version}/{part}",
        }));
        var shortest = Operation(document, "/items/versions/{item}", "get");
        var longest = Operation(document, "/items/versions/{item}/{version}/{part}", "get");
        Assert.That(((List<object?>)shortest["parameters"]!).Cast<Map>().Select(p => p["name"]), Is.EqualTo(new[] { "item" }));
        Assert.That(((List<object?>)longest["parameters"]!).Cast<Map>().Select(p => (p["name"], p["required"])),
            Is.EqualTo(new[] { ((object?)"item", (object?)true), ("version", true), ("part", true) }), "a path parameter is always required");
        Assert.That(new[] { shortest["operationId"], Operation(document, "/items/versions/{item}/{version}", "get")["operationId"], longest["operationId"] },
            Is.EqualTo(new[] { "get_items_versions", "get_items_versions_version", "get_items_versions_version_part" }));
        Assert.That(new[] { shortest["tags"], longest["tags"] }, Has.All.EqualTo(new List<object?> { "items" }), "the openapi key merges into every path");
    }

    [Test]
    public void A_required_positional_argument_after_a_nullable_one_keeps_one_path()
    {
        var document = Generate(Unvalidated("""
            name: Pair
            description: Two arguments, the last one required.
            account: examples
            application: demo
            uri: pair
            method: get
            ttl: 0
            process:
              processor: var_collection
              id: all
              items:
                - processor: var_uri
                  id: first
                  index: 0
                  nullable: true
                - processor: var_uri
                  id: second
                  index: 1
            """));
        Assert.That(((Map)document["paths"]!).Keys, Is.EqualTo(new[] { "/pair/{first}/{second}" }));
        Assert.That(Operation(document, "/pair/{first}/{second}", "get")["operationId"], Is.EqualTo("get_pair"));
    }

    [Test]
    public void Errors_describe_the_listed_problems_in_both_envelopes()
    {
        var wrapped = Operation(OpenApiGenerator.Generate(Demo, Examples(), "api"), "/greeting", "get");
        Assert.That(At(wrapped, "responses", "default", "content", "application/json", "schema", "properties", "data", "properties", "details", "items", "type"),
            Is.EqualTo("string"));
        var raw = Operation(OpenApiGenerator.Generate(Demo with { Settings = new ApplicationSettings { Wrap = false } }, Examples(), "api"), "/greeting", "get");
        Assert.That(At(raw, "responses", "default", "content", "application/json", "schema", "properties", "error", "properties", "context", "properties", "errors", "items", "type"),
            Is.EqualTo("string"));
    }
}
