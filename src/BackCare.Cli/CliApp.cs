using System.CommandLine;
using BackCare.Cli.Commands;

namespace BackCare.Cli;

/// <summary>
/// The <c>backcare</c> command. Conventions for every command: human output by default,
/// <c>--json</c> for one JSON document on stdout; exit 0 on success, 2 on bad input (one
/// line on stderr naming the field and what is allowed), 1 on internal error.
/// </summary>
public static class CliApp
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand(
            "BackCare: evidence-based back-pain care. Scoring, triage, medication checks, plans and the evidence behind them.");
        root.Subcommands.Add(VersionCommand.Build(console));
        root.Subcommands.Add(EvidenceCommands.Build(console));
        root.Subcommands.Add(ScoreCommand.Build(console));
        root.Subcommands.Add(QuestionnaireCommand.Build(console));
        root.Subcommands.Add(TriageCommand.Build(console));
        root.Subcommands.Add(MedsCommands.Build(console));
        root.Subcommands.Add(CheckArticleCommand.Build(console));
        root.Subcommands.Add(PlanCommands.Plan(console));
        root.Subcommands.Add(PlanCommands.Progress(console));
        root.Subcommands.Add(AccountCommands.Build(console));
        root.Subcommands.Add(BackupCommands.Backup(console));
        root.Subcommands.Add(BackupCommands.Restore(console));
        root.Subcommands.Add(CdsCommands.Build(console));
        root.Subcommands.Add(TerminologyCommands.Build(console));
        root.Subcommands.Add(FhirCommands.Build(console));
        root.Subcommands.Add(SmartCommands.Build(console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Prefer the error that names what was typed over "required command was not provided".
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))
                ?? parse.Errors[0];
            await console.Error.WriteLineAsync($"error: {OneLine(error.Message)}");
            return ExitCodes.BadInput;
        }

        try
        {
            if (JitOnlyCommand.InNativeProcess && JitOnlyCommand.IsNeededFor(parse)) return await JitOnlyCommand.ForwardAsync(args, console);
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
#pragma warning disable CA1031 // The last line of defence: report, never crash with a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await console.Error.WriteLineAsync($"internal error: {OneLine(ex.Message)}");
            return ExitCodes.InternalError;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
