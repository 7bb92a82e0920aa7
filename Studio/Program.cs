using ApiStudio.Studio.Cli;

return await Cli.RunAsync(args);
