using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.TestEngine;

// Not "...Processors.System": a namespace named System would hide the real one from every test namespace beside it.
namespace ApiStudio.Tests.Processors.SystemMenu;

public class ProcessorsTests
{
    private static ServiceProvider Services() => new ServiceCollection().AddSingleton(Catalogue).BuildServiceProvider();

    private static async Task<DataContainer> Catalogued(string processYaml)
    {
        using var services = Services();
        using var context = new EvaluationContext(new ApiStudio.Engine.Requests.ApiRequest(), null, services);
        return (await Prepare(Resource(processYaml)).ExecuteAsync(context)).Value;
    }

    [Test]
    public async Task All_lists_every_processor_of_the_catalogue()
    {
        var all = (List<object?>)(await Catalogued("{processor: processors, id: all, machine_name: all}")).Data!;
        Assert.That(all.Select(p => ((Map)p!)["machineName"]), Is.EquivalentTo(Catalogue.All.Select(p => p.MachineName)));
    }

    [Test]
    public async Task Without_a_machine_name_every_processor_is_listed() =>
        Assert.That((List<object?>)(await Catalogued("{processor: processors, id: all}")).Data!, Has.Count.EqualTo(Catalogue.All.Count));

    [Test]
    public async Task One_processor_by_machine_name_has_its_details_and_inputs()
    {
        var details = (Map)(await Catalogued("{processor: processors, id: one, machine_name: account_create}")).Data!;
        Assert.That((details["machineName"], details["menu"]), Is.EqualTo(("account_create", "Admin")));
        Assert.That(((Map)details["input"]!).Keys, Is.EqualTo(new[] { "name" }));
        var self = (Map)(await Catalogued("{processor: processors, id: one, machine_name: processors}")).Data!;
        Assert.That(self["menu"], Is.EqualTo("System"));
    }

    [Test]
    public async Task An_unknown_machine_name_is_404_naming_the_node()
    {
        using var services = Services();
        using var context = new EvaluationContext(new ApiStudio.Engine.Requests.ApiRequest(), null, services);
        var error = Assert.ThrowsAsync<ApiException>(async () =>
            await Prepare(Resource("{processor: processors, id: one, machine_name: no_such}")).ExecuteAsync(context));
        Assert.That((error!.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((404, ErrorCodes.InvalidInput, "one")));
        Assert.That(error.Message, Is.EqualTo("No processor has the machine name 'no_such'."));
    }

    [Test]
    public async Task Without_the_host_it_is_a_configuration_error()
    {
        var error = await RunFails("{processor: processors, id: bare}");
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((500, ErrorCodes.Configuration, "bare")));
    }

    [Test]
    public void A_machine_name_that_is_not_text_is_refused_at_publish() =>
        Assert.That(PublishFails("{processor: processors, id: one, machine_name: 5}").Errors.Select(e => e.Input), Does.Contain("machine_name"));
}
