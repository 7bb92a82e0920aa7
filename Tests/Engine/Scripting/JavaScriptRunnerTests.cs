using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>
/// The sandboxed JavaScript engine: results and globals as plain values, syntax errors with their line, and hostile
/// scripts — endless loops, deep recursion, huge allocations, reaching for the CLR, leaving state for the next run —
/// each ended by its limit with a clear error while the runner keeps working.
/// </summary>
public class JavaScriptRunnerTests
{
    private static JavaScriptRunner Runner(Action<JavaScriptOptions>? limits = null)
    {
        var options = new ApiStudioOptions();
        limits?.Invoke(options.Scripting.JavaScript);
        return new JavaScriptRunner(Options.Create(options));
    }

    private static object? Run(JavaScriptRunner runner, string script, IReadOnlyDictionary<string, object?>? globals = null) =>
        runner.Run(JavaScriptProgram.Prepare("shop.test.get.pre_process", script), globals);

    private static ApiException Fails(JavaScriptRunner runner, string script)
    {
        var error = Assert.Throws<ApiException>(() => Run(runner, script))!;
        Assert.That(error.HttpStatus, Is.EqualTo(500));
        Assert.That(error.Message, Does.StartWith("Script shop.test.get.pre_process failed: "));
        return error;
    }

    /// <summary>After a hostile run the runner still answers.</summary>
    private static void StillWorks(JavaScriptRunner runner) => Assert.That(Run(runner, "return 1 + 1;"), Is.EqualTo(2L));

    [Test]
    public void A_top_level_return_gives_the_result_as_plain_values()
    {
        using var runner = Runner();
        var result = Run(runner, "const total = event.items.reduce((s, i) => s + i, 0);\nreturn { total, half: total / 4, name: event.name, tags: [true, null] };",
            new Dictionary<string, object?> { ["event"] = new Map { ["items"] = new List<object?> { 1L, 2L, 3L }, ["name"] = "ada" } });
        var map = (Map)result!;
        Assert.That((map["total"], map["half"], map["name"]), Is.EqualTo((6L, 1.5, "ada")));
        Assert.That(map["tags"], Is.EqualTo(new List<object?> { true, null }));
    }

    [Test]
    public void Objects_given_to_a_script_behave_as_plain_objects_whatever_is_touched_first()
    {
        using var runner = Runner();
        static Dictionary<string, object?> Given() => new()
        {
            ["event"] = new Map
            {
                ["request"] = new Map
                {
                    ["parameters"] = new Map { ["name"] = "Ada", ["tags"] = new List<object?> { "a", new Map { ["deep"] = 1L } } },
                    ["headers"] = new Map { ["accept"] = "*/*", ["x-id"] = "7" },
                },
            },
        };
        Assert.That(Run(runner, """
            const r = event.request, p = r.parameters;
            return [Object.keys(r).join(), JSON.stringify(p), 'name' in p, p.hasOwnProperty('tags'), p.tags[1].deep,
              Object.prototype.toString.call(p), typeof r.missing, { ...r.headers }['x-id'], Object.entries(r.headers).length];
            """, Given()),
            Is.EqualTo(new List<object?> { "parameters,headers", """{"name":"Ada","tags":["a",{"deep":1}]}""", true, true, 1L,
                "[object Object]", "undefined", "7", 2L }));
        // Written, deleted or defined before anything is read: the given properties are still there, in order.
        Assert.That(Run(runner, "const h = event.request.headers; h.extra = 1; delete h.accept; return h;", Given()),
            Is.EqualTo(new Map { ["x-id"] = "7", ["extra"] = 1L }));
        Assert.That(Run(runner, """
            const p = event.request.parameters;
            Object.defineProperty(p, 'name', { value: 'Bob', enumerable: true });
            for (const k in p) { p[k + '2'] = p[k]; }
            return Object.keys(p).concat([p.name2]);
            """, Given()), Is.EqualTo(new List<object?> { "name", "tags", "name2", "tags2", "Bob" }));
        Assert.That(Run(runner, "'use strict'; const p = event.request.parameters; Object.freeze(p); try { p.name = 'Bob'; } catch (e) { return [p.name, e.name]; }", Given()),
            Is.EqualTo(new List<object?> { "Ada", "TypeError" }));
        Assert.That(Run(runner, "return event.request;", Given()), Is.EqualTo(((Map)Given()["event"]!)["request"]));
    }

    [Test]
    public void A_syntax_error_is_reported_with_the_engines_message_and_line()
    {
        var error = JavaScriptProgram.Check("const a = 1;\nconst b = ;\nreturn a;");
        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Line, Is.EqualTo(2));
        Assert.That(error.Message, Is.Not.Empty);
        Assert.That(JavaScriptProgram.Check("return 1;"), Is.Null);
        Assert.That(JavaScriptProgram.Check("// a comment on the last line"), Is.Null);
    }

    [Test]
    public void A_thrown_error_names_the_script_its_message_and_line()
    {
        using var runner = Runner();
        var error = Fails(runner, "let x = 1;\nthrow new Error('payload is missing name');");
        Assert.That(error.Message, Does.Contain("payload is missing name").And.Contain("line 2"));
        StillWorks(runner);
    }

    [Test]
    public void An_endless_loop_ends_at_the_time_limit()
    {
        using var runner = Runner(l => { l.TimeoutSeconds = 0.3; l.MaxStatements = int.MaxValue; });
        var started = DateTime.UtcNow;
        var error = Fails(runner, "while (true) {}");
        Assert.That(error.Message, Does.Contain("time limit"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)));
        StillWorks(runner);
    }

    [Test]
    public void An_endless_loop_ends_at_the_statement_limit()
    {
        using var runner = Runner(l => { l.MaxStatements = JavaScriptOptions.MinimumStatements; l.TimeoutSeconds = 60; });
        Assert.That(Fails(runner, "let i = 0; for (;;) { i++; }").Message, Does.Contain($"{JavaScriptOptions.MinimumStatements} statements"));
        StillWorks(runner);
    }

    [Test]
    public void Deep_recursion_ends_at_the_recursion_limit_and_the_process_survives()
    {
        using var runner = Runner();
        Assert.That(Fails(runner, "function down(n) { return down(n + 1) + 1; }\nreturn down(0);").Message, Does.Contain("recursed deeper"));
        Assert.That(Fails(runner, "const a = { get x() { return this.x; } };\nreturn a.x;").Message, Does.Contain("failed"));
        StillWorks(runner);
    }

    [Test]
    public void A_huge_allocation_ends_at_the_memory_limit()
    {
        using var runner = Runner(l => { l.MemoryBytes = 8L * 1024 * 1024; l.MaxStatements = int.MaxValue; l.TimeoutSeconds = 20; });
        Assert.That(Fails(runner, "const a = []; while (true) { a.push('x'.repeat(10000) + a.length); }").Message, Does.Contain("memory limit"));
        StillWorks(runner);
    }

    [TestCase("System")]
    [TestCase("importNamespace")]
    [TestCase("require")]
    [TestCase("process")]
    [TestCase("clr")]
    public void The_clr_and_node_globals_are_undefined(string name)
    {
        using var runner = Runner();
        Assert.That(Run(runner, $"return typeof {name};"), Is.EqualTo("undefined"));
    }

    [Test]
    public void Eval_and_the_function_constructor_are_refused()
    {
        using var runner = Runner();
        Fails(runner, "return eval('1 + 1');");
        Fails(runner, "return new Function('return 1')();");
        StillWorks(runner);
    }

    [Test]
    public void A_global_set_by_one_run_is_not_seen_by_the_next()
    {
        using var runner = Runner(l => l.PoolSize = 1);
        Run(runner, "leaked = 'secret'; globalThis.other = 'secret'; var declared = 'secret';");
        Assert.That(Run(runner, "return [typeof leaked, typeof other, typeof declared];"),
            Is.EqualTo(new List<object?> { "undefined", "undefined", "undefined" }));
        Run(runner, "event.kept = 'secret';", new Dictionary<string, object?> { ["event"] = new Map() });
        Assert.That(Run(runner, "return typeof event;"), Is.EqualTo("undefined"));
    }

    [Test]
    public void Built_in_objects_cannot_be_changed_for_the_next_run()
    {
        using var runner = Runner(l => l.PoolSize = 1);
        Run(runner, "try { Object.prototype.polluted = 'secret'; } catch (e) {}\n" +
            "try { Array.prototype.map = function () { return 'secret'; }; } catch (e) {}\n" +
            "try { JSON.stringify = () => 'secret'; } catch (e) {}");
        Assert.That(Run(runner, "return [typeof ({}).polluted, [1].map(x => x * 2)[0], JSON.stringify(1)];"),
            Is.EqualTo(new List<object?> { "undefined", 2L, "1" }));
    }

    [Test]
    public void Objects_still_get_their_own_name_message_and_to_string()
    {
        using var runner = Runner();
        var result = Run(runner, """
            class PayloadError extends Error { constructor(m) { super(m); this.name = 'PayloadError'; } }
            const e = new PayloadError('bad');
            const o = {}; o.toString = () => 'mine';
            return [e.name, e.message, String(o), new Error('x').name];
            """);
        Assert.That(result, Is.EqualTo(new List<object?> { "PayloadError", "bad", "mine", "Error" }));
    }

    [Test]
    public void A_program_is_prepared_once_per_script_version()
    {
        using var runner = Runner();
        var first = runner.ProgramFor(7, 1, "shop.a.get.pre_process", "return 1;");
        Assert.That(runner.ProgramFor(7, 1, "shop.a.get.pre_process", "return 1;"), Is.SameAs(first));
        var second = runner.ProgramFor(7, 2, "shop.a.get.pre_process", "return 2;");
        Assert.That(second, Is.Not.SameAs(first));
        Assert.That(runner.Run(second), Is.EqualTo(2L));
    }
}
