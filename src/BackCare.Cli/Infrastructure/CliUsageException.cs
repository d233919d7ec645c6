namespace BackCare.Cli;

/// <summary>
/// Bad input from the caller: exit code 2 and one line on stderr naming the field and
/// what is allowed. Thrown only at the CLI edge; the clinical core returns errors as values.
/// </summary>
public sealed class CliUsageException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
