using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Tests.Engine.Admin;

/// <summary>
/// The file form of an event script (<see cref="ScriptFile"/>): engine from the extension, account and application
/// from the folders, settings in a header line of the file's own comment syntax, and what is written reads back the same.
/// </summary>
public class ScriptFileTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "apistudio-tests", "script-files", "scripts", "acme", "shop");

    private static string FileOf(string name) => Path.Combine(Folder, name);

    private static ScriptRow Row(string engine, string content, bool active = true, bool modifies = false, string? queue = null,
        long? delay = null, long? tries = null, long? timeout = null) => new()
    {
        Name = "shop.orders.*.post.queued", Engine = engine, Content = content, IsActive = active, AllowEventModification = modifies,
        Queue = queue, Delay = delay, Tries = tries, Timeout = timeout,
    };

    private static ScriptFileContent RoundTrip(ScriptRow row) =>
        ScriptFile.Read(FileOf(ScriptFile.FileName(row.Name, row.Engine)), ScriptFile.Write(row));

    [TestCase("javascript", ".js")]
    [TestCase("csharp", ".cs")]
    [TestCase("nodejs", ".mjs")]
    [TestCase("python", ".py")]
    public void The_extension_names_the_engine_and_a_star_is_written_escaped(string engine, string extension)
    {
        Assert.That(ScriptFile.FileName("shop.orders.*.post.queued", engine), Is.EqualTo("shop.orders.%2A.post.queued" + extension));
        var read = ScriptFile.Read(FileOf("shop.orders.*.post.queued" + extension), "x");
        Assert.That((read.Account, read.Application, read.Script.Name, read.Script.Engine), Is.EqualTo(("acme", "shop", "shop.orders.*.post.queued", engine)));
    }

    [Test]
    public void A_script_with_default_settings_is_written_as_it_is()
    {
        Assert.That(ScriptFile.Write(Row("javascript", "return 1;\n")), Is.EqualTo("return 1;\n"));
        var read = RoundTrip(Row("javascript", "return 1;\n"));
        Assert.That((read.Script.Content, read.Script.IsActive, read.Script.AllowEventModification, read.Script.Queue),
            Is.EqualTo(("return 1;\n", (bool?)true, (bool?)false, (string?)null)));
    }

    [Test]
    public void Settings_live_in_a_header_line_in_the_files_comment_syntax()
    {
        var row = Row("javascript", "return 1;", active: false, modifies: true, queue: "mail", delay: 10, tries: 3, timeout: 60);
        Assert.That(ScriptFile.Write(row), Is.EqualTo(
            "// apistudio: is_active=false allow_event_modification=true queue=mail delay=10 tries=3 timeout=60\nreturn 1;"));
        Assert.That(ScriptFile.Write(Row("python", "print('hi')\n", modifies: true)),
            Is.EqualTo("# apistudio: allow_event_modification=true\nprint('hi')\n"));
        var read = RoundTrip(row).Script;
        Assert.That((read.Content, read.IsActive, read.AllowEventModification, read.Queue, read.Delay, read.Tries, read.Timeout),
            Is.EqualTo(("return 1;", (bool?)false, (bool?)true, "mail", (long?)10, (long?)3, (long?)60)));
    }

    [TestCase("javascript", "// apistudio: a note the author wrote\nreturn 1;")]
    [TestCase("python", "#apistudio: tries=2\nreturn 1")]
    [TestCase("csharp", "")]
    [TestCase("nodejs", "\r\nconsole.log(1);\r\n")]
    [TestCase("javascript", "// apistudio:")]
    public void What_is_written_reads_back_the_same(string engine, string content)
    {
        foreach (var row in new[] { Row(engine, content), Row(engine, content, queue: "q", tries: 1) })
        {
            var read = RoundTrip(row).Script;
            Assert.That((read.Content, read.Queue, read.Tries), Is.EqualTo((content, row.Queue, row.Tries)), ScriptFile.Write(row));
        }
    }

    [Test]
    public void A_hand_written_header_may_use_crlf_and_spaces()
    {
        var read = ScriptFile.Read(FileOf("shop.a.get.pre_process.py"), "  #   apistudio:   tries=2   queue=jobs \r\nprint(1)\r\n").Script;
        Assert.That((read.Tries, read.Queue, read.Content), Is.EqualTo(((long?)2, "jobs", "print(1)\r\n")));
    }

    [TestCase("// apistudio: colour=blue\n", "line 1: the header knows is_active, allow_event_modification, queue, delay, tries, timeout; got 'colour'.")]
    [TestCase("// apistudio: is_active=yes\n", "line 1: 'is_active' must be true or false; got 'yes'.")]
    [TestCase("// apistudio: delay=soon\n", "line 1: 'delay' must be a whole number; got 'soon'.")]
    [TestCase("// apistudio: tries=1 tries=2\n", "line 1: 'tries' is given twice in the header.")]
    public void A_header_it_cannot_read_is_refused_naming_the_file(string text, string problem)
    {
        var file = FileOf("shop.a.get.pre_process.js");
        var error = Assert.Throws<ScriptFileException>(() => ScriptFile.Read(file, text))!;
        Assert.That(error.Message, Is.EqualTo($"{file}: {problem}"));
    }

    [Test]
    public void Only_files_in_scripts_account_application_are_found_in_folders()
    {
        Assert.That(ScriptFile.IsInScriptsFolder(FileOf("shop.a.get.pre_process.js")), Is.True);
        Assert.That(ScriptFile.IsInScriptsFolder(Path.Combine(Path.GetTempPath(), "acme", "shop", "shop.a.get.pre_process.js")), Is.False);
        Assert.That(ScriptFile.IsInScriptsFolder(FileOf("notes.txt")), Is.False);
    }
}
