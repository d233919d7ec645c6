using System.CommandLine;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace BackCare.Cli;

/// <summary>
/// A command whose libraries generate code at run time, which a natively compiled program cannot do: EF Core (commands
/// that go through the web host's storage services: accounts, SMART clients, terminology import, the CDS override
/// report on PostgreSQL; backup, restore and the report on SQLite open the file themselves and run natively)
/// and the Firely FHIR SDK (FHIR validation, Questionnaires, Observations). The natively compiled <c>backcare</c> (the
/// README's published form) hands such a command, exactly as typed, to the framework-dependent copy published beside
/// it in <c>storage/</c> (ADR 0019); every other command runs in the native process. In a JIT build (bin/,
/// <c>dotnet run</c>, the .NET tool, the tests in process) everything runs in process.
/// </summary>
/// <param name="onlyWhen">When set, only invocations it accepts need the JIT (<c>score --observation</c>).</param>
#pragma warning disable CA1010 // A command, enumerable only for collection initialisers, like System.CommandLine's own.
internal sealed class JitOnlyCommand(string name, string description, Func<ParseResult, bool>? onlyWhen = null) : Command(name, description)
#pragma warning restore CA1010
{
    private readonly Func<ParseResult, bool>? _onlyWhen = onlyWhen;

    /// <summary>Where the native <c>backcare</c> finds the framework-dependent copy.</summary>
    public static string CompanionPath => Path.Combine(AppContext.BaseDirectory, "storage", OperatingSystem.IsWindows() ? "backcare.exe" : "backcare");

    /// <summary>True when this process cannot generate code (compiled ahead of time, no JIT).</summary>
    public static bool InNativeProcess => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>
    /// What companion-only code throws in the native program, where it should never be reached: the native program hands
    /// those commands to the companion before invoking them (<see cref="CliApp.RunAsync"/>). Such code starts with
    /// <c>if (!RuntimeFeature.IsDynamicCodeSupported) throw ...</c>, the test written out (a helper that wraps it may not
    /// be folded), because the native compiler takes the test as a constant and drops what follows, and with it EF Core,
    /// Npgsql and the Firely SDK: a smaller program that starts sooner (docs/benchmarks.md, "Session 35").
    /// In an async action only the code before the first <c>await</c> is dropped; what follows is kept, since the state
    /// machine resumes there. It is harmless as long as it reaches those libraries through objects only companion code
    /// creates (<see cref="OperatorServices.Build"/>, whose guard is synchronous), not through static calls: read such
    /// statics before the first <c>await</c>.
    /// </summary>
    public static PlatformNotSupportedException NotInNativeProcess() =>
        new($"this command runs in the framework-dependent copy at {CompanionPath} (ADR 0019)");

    /// <summary>The command typed, or one of its parents (so <c>account --help</c> goes too), needs the JIT.</summary>
    public static bool IsNeededFor(ParseResult parse)
    {
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is JitOnlyCommand command && (command._onlyWhen is null || command._onlyWhen(parse))) return true;
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="args"/> in the companion with this process's own standard streams and returns its exit code;
    /// a missing companion is an internal error that says how to publish it.
    /// </summary>
    public static async Task<int> ForwardAsync(string[] args, CliConsole console)
    {
        var companion = CompanionPath;
        if (!File.Exists(companion))
        {
            await console.Error.WriteLineAsync(
                $"internal error: this command runs in {companion}, which is missing; publish backcare as the README says (the storage/ copy is published with it)");
            return ExitCodes.InternalError;
        }

        var start = new ProcessStartInfo(companion) { UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
