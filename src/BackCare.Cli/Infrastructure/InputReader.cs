namespace BackCare.Cli;

/// <summary>Reads <c>--input FILE</c>, or standard input for <c>--input -</c>.</summary>
public static class InputReader
{
    public static string Read(string? path, CliConsole console, string option = "--input")
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliUsageException(option, "is required: give a file path, or - to read standard input");
        }

        if (path == "-")
        {
            return console.In.ReadToEnd();
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException(option, $"file '{path}' does not exist");
        }

        return File.ReadAllText(path);
    }
}
