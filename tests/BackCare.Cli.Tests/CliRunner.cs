using System.Diagnostics;
using System.Text.Json;

namespace BackCare.Cli.Tests;

/// <summary>
/// Runs the CLI with captured streams: in-process by default, or, when <c>BACKCARE_CLI</c> names a built
/// <c>backcare</c> executable (the Native AOT form that the README installs), as that process, so the whole suite
/// checks the binary a user runs.
/// </summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    private static readonly string? Binary = Environment.GetEnvironmentVariable("BACKCARE_CLI") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>False when the suite runs against a built executable (<c>BACKCARE_CLI</c>).</summary>
    public static bool InProcess => Binary is null;

    /// <summary>The built executable the suite runs against, when it does (<c>BACKCARE_CLI</c>).</summary>
    public static string? BinaryPath => Binary;

    /// <summary>
    /// Whether <paramref name="args"/> can reach a process unchanged: Linux passes arguments as NUL-terminated bytes of at
    /// most 128 KiB each, and UTF-8 cannot carry a lone surrogate. In process every string can.
    /// </summary>
    public static bool CanPass(string[] args) => InProcess || args.All(a =>
        a.Length < 32_000 && !a.Contains('\0', StringComparison.Ordinal) && System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(a)) == a);

    /// <summary>A fuzzer's iteration count: a fifth against a built executable, where each run is a process.</summary>
    public static long Iterations(long inProcess) => InProcess ? inProcess : Math.Max(1, inProcess / 5);

    /// <summary>The Release build beside the sources (test.sh builds it; a Debug test run has none).</summary>
    public static string ReleaseProgram => Path.Combine(Clinical.Tests.RepoPaths.Root, "src", "BackCare.Cli", "bin", "Release", "net10.0",
        OperatingSystem.IsWindows() ? "backcare.exe" : "backcare");

    public static async Task<Result> RunWithInputAsync(string stdin, params string[] args) =>
        Binary is not null ? await RunProcessAsync(Binary, stdin, args) : await RunInProcessAsync(stdin, args);

    /// <summary>In this test process, whatever <c>BACKCARE_CLI</c> says.</summary>
    public static async Task<Result> RunInProcessAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(new StringReader(stdin), output, error));
        return new Result(code, output.ToString(), error.ToString());
    }

    public static Task<Result> RunAsync(params string[] args) => RunWithInputAsync("", args);

    internal static async Task<Result> RunProcessAsync(string binary, string stdin, string[] args)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command ended without reading its input (a usage error, say): the pipe is closed, nothing is lost.
            // Closing the writer tries to flush once more and fails the same way; after that it is closed.
            try
            {
                process.StandardInput.Dispose();
            }
            catch (IOException)
            {
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // the companion too, when the command was handed to it
            throw new TimeoutException($"backcare {string.Join(' ', args)} ran for more than 2 minutes");
        }

        return new Result(process.ExitCode, await output, await error);
    }
}
