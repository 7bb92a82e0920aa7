using ApiStudio.Studio.Hosting;

var app = await StudioApp.BuildAsync(args);
await app.RunAsync();
