using System.CommandLine;
using System.Reflection;

namespace BackCare.Cli.Commands;

public static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static Command Build(CliConsole console)
    {
        var json = CommonOptions.Json();
        var command = new Command("version", "Print the BackCare version") { json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
            {
                CliJson.Write(console.Out, new { version = Version });
            }
            else
            {
                console.Out.WriteLine($"backcare {Version}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
