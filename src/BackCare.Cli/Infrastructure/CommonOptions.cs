using System.CommandLine;

namespace BackCare.Cli;

/// <summary>Options every command shares, so they read the same everywhere.</summary>
public static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document on stdout (for scripts)" };

    public static Option<string?> Input() => new("--input", "-i") { Description = "Input file, or - for standard input" };
}
