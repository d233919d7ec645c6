using BackCare.Cli;

return await CliApp.RunAsync(args, CliConsole.System);
