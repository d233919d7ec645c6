using BackCare.Clinical.Common;

namespace BackCare.Cli;

/// <summary>
/// Bad input from the caller, as a value: exit code 2 and one line on stderr naming the field and what is allowed.
/// Commands return <see cref="Fail(CliConsole, ValidationError)"/>; readers that can refuse their input return a
/// <see cref="Parsed{T}"/>. No exception is thrown for bad input.
/// </summary>
public static class Usage
{
    public static int Fail(CliConsole console, ValidationError error)
    {
        // The field can echo what was typed (a JSON key with a line break): one line, whatever it holds.
        console.Error.WriteLine($"error: {OneLine(error.Field)}: {OneLine(error.Message)}");
        return ExitCodes.BadInput;
    }

    /// <summary>Every error of a document on one line (<see cref="Combine"/>).</summary>
    public static int Fail(CliConsole console, IReadOnlyList<ValidationError> errors, string prefix = "") => Fail(console, Combine(errors, prefix));

    /// <summary>
    /// The errors of one document as one: the first error's field and message, then each further error with its own
    /// field (<c>age: must be a whole number, got "x"; durationDays: is required</c>), every field under
    /// <paramref name="prefix"/> and the first named once.
    /// </summary>
    public static ValidationError Combine(IReadOnlyList<ValidationError> errors, string prefix = "") => errors[0] with
    {
        Field = prefix + errors[0].Field,
        Message = string.Join("; ", errors.Skip(1).Select(e => $"{prefix}{e.Field}: {e.Message}").Prepend(errors[0].Message)),
    };

    public static ValidationError Error(string field, string message) => ValidationError.Invalid(field, message);

    internal static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

/// <summary>A value read from the caller's input, or why it was refused.</summary>
public readonly record struct Parsed<T>(T? Value, ValidationError? Error)
{
    public static implicit operator Parsed<T>(T value) => new(value, null);

    public static implicit operator Parsed<T>(ValidationError error) => new(default, error);
}
