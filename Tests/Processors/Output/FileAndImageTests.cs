using System.Net;
using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.OutputRuns;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Output;

/// <summary>The <c>file</c> and <c>image</c> output processors, and how the host sends what they return.</summary>
public class FileAndImageTests
{
    // A 1×1 transparent PNG.
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    [Test]
    public async Task File_turns_text_into_a_named_utf8_file_with_its_media_type()
    {
        var value = await Run("""
            processor: file
            id: out
            data: "name,qty\ntea,2"
            filename: ../../orders.csv
            media_type: text/csv
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.File));
        var file = (BinaryValue)value.Data!;
        Assert.That((Encoding.UTF8.GetString(file.Content), file.FileName, file.MediaType),
            Is.EqualTo(("name,qty\ntea,2", "orders.csv", "text/csv")));
    }

    [Test]
    public async Task File_without_data_sends_the_result_of_process_as_json()
    {
        var value = await SingleOutput("""
            processor: var_collection
            id: list
            items: [1, 2]
            """, """
            processor: file
            id: out
            """);
        var file = (BinaryValue)value.Data!;
        Assert.That((Encoding.UTF8.GetString(file.Content), file.MediaType), Is.EqualTo(("[1,2]", "application/json")));
    }

    [Test]
    public async Task A_media_type_that_could_break_a_header_is_refused_with_node_id()
    {
        var error = await RunFails("""
            processor: file
            id: out
            data: x
            media_type: "text/plain\r\nX-Evil: 1"
            """);
        Assert.That((error.ProcessorId, error.Code, error.HttpStatus), Is.EqualTo(("out", ErrorCodes.InvalidInput, 400)));
        Assert.That(error.Message, Does.StartWith("media_type 'text/plain"));
    }

    [Test]
    public async Task Image_reads_base64_and_recognises_png()
    {
        var value = await Run($"""
            processor: image
            id: out
            data: "{PngBase64}"
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Image));
        Assert.That(MediaTypes.ImageTypeOf((BinaryValue)value.Data!), Is.EqualTo("image/png"));
    }

    [Test]
    public async Task Image_refuses_bytes_that_are_not_an_image_with_node_id()
    {
        var error = await RunFails("""
            processor: image
            id: picture
            data:
              processor: file
              id: not_an_image
              data: just text
            """);
        Assert.That((error.ProcessorId, error.Code, error.HttpStatus), Is.EqualTo(("picture", ErrorCodes.InvalidInput, 400)));
        Assert.That(error.Message, Does.StartWith("The data is not an image"));
    }

    [Test]
    public async Task Image_refuses_text_that_is_not_base64_with_node_id()
    {
        var error = await RunFails("""
            processor: image
            id: picture
            data: "not base64 at all!"
            """);
        Assert.That((error.ProcessorId, error.Message), Is.EqualTo(("picture", "Cannot cast text to image.")));
    }

    [Test]
    public void Filename_must_be_text_at_publish() =>
        Assert.That(PublishFails("""
            processor: file
            id: out
            data: x
            filename: 5
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'out', input 'filename': Input 'filename' does not accept type integer; allowed: text."));

    [Test]
    public async Task The_host_sends_a_file_as_an_attachment_and_an_image_inline()
    {
        await using var host = await TestHost.StartAsync();
        await host.PublishAsync("examples", "demo", "get", "report", """
            processor: var_str
            id: report
            value: "name,qty"
            """, extra: """
            output:
              - processor: file
                id: download
                filename: report.csv
                media_type: text/csv
            """);
        var file = await host.GetAsync("api/examples/demo/report");
        Assert.That(file.Status, Is.EqualTo(HttpStatusCode.OK), file.Body);
        Assert.That((file.MediaType, file.Body), Is.EqualTo(("text/csv", "name,qty")));
        Assert.That(file.Header("Content-Disposition"), Is.EqualTo("attachment; filename=report.csv; filename*=UTF-8''report.csv"));

        await host.PublishAsync("examples", "demo", "get", "pixel", $"""
            processor: var_str
            id: pixel
            value: "{PngBase64}"
            """, extra: """
            output:
              - processor: image
                id: picture
                filename: pixel.png
            """);
        var image = await host.GetAsync("api/examples/demo/pixel");
        Assert.That(image.MediaType, Is.EqualTo("image/png"));
        Assert.That(image.Bytes, Is.EqualTo(Convert.FromBase64String(PngBase64)));
        Assert.That(image.Header("Content-Disposition"), Is.EqualTo("inline; filename=pixel.png; filename*=UTF-8''pixel.png"));
    }
}
