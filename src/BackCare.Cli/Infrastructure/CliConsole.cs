namespace BackCare.Cli;

/// <summary>The three streams a command may use; tests pass their own.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole System => new(Console.In, Console.Out, Console.Error);
}
