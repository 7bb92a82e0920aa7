using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Request;

public class VarFileTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private static string Node(params string[] extra) => string.Join("\n", ["processor: var_file", "id: f", .. extra]);

    private static ApiRequest Upload(string field, BinaryValue file) =>
        new() { Method = "post", Files = new Dictionary<string, BinaryValue>(StringComparer.Ordinal) { [field] = file } };

    [Test]
    public async Task An_uploaded_file_is_a_file_value_with_its_name_and_media_type()
    {
        var file = new BinaryValue("a,b\n1,2\n"u8.ToArray(), "data.csv", "text/csv");
        var value = await Run(Node("filename: upload"), Upload("upload", file));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.File, (object)file)));
    }

    [Test]
    public async Task An_uploaded_image_is_an_image_value()
    {
        var value = await Run(Node("filename: photo"), Upload("photo", new BinaryValue(Png, "p.png", "image/png")));
        Assert.That(value.Type, Is.EqualTo(DataType.Image));
    }

    [Test]
    public async Task An_image_sent_as_octet_stream_is_recognised_from_its_bytes()
    {
        var value = await Run(Node("filename: photo"), Upload("photo", new BinaryValue(Png, "p", "application/octet-stream")));
        Assert.That(value.Type, Is.EqualTo(DataType.Image));
    }

    [Test]
    public async Task Location_files_is_accepted_as_in_apiopenstudio()
    {
        var value = await Run(Node("location: _FILES", "filename: upload"), Upload("upload", new BinaryValue([1], "x.bin")));
        Assert.That(value.Type, Is.EqualTo(DataType.File));
    }

    [Test]
    public async Task A_missing_file_is_400_code_6_with_the_node_id()
    {
        var error = await RunFails(Node("filename: upload"), Upload("other", new BinaryValue([1])));
        Assert.That(error.Message, Is.EqualTo("File (upload) does not exist or is undefined."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "f")));
    }

    [Test]
    public async Task A_missing_file_is_undefined_when_nullable()
    {
        var value = await Run(Node("filename: upload", "nullable: true"), new ApiRequest());
        Assert.That(value.IsUndefined, Is.True);
    }

    [Test]
    public async Task Missing_filename_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node(), Upload("upload", new BinaryValue([1]))), "f", "filename");
    }

    [Test]
    public async Task A_remote_location_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node("location: https://example.com/files", "filename: a.txt"), new ApiRequest()), "f", "location");
    }

    [Test]
    public async Task Filename_that_is_not_text_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node("filename: [a, b]"), new ApiRequest()), "f", "filename");
    }

    [Test]
    public async Task Nullable_that_is_not_boolean_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node("filename: upload", "nullable: sometimes"), new ApiRequest()), "f", "nullable");
    }
}
