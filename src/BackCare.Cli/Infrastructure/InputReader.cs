using BackCare.Clinical.Common;

namespace BackCare.Cli;

/// <summary>Reads <c>--input FILE</c>, or standard input for <c>--input -</c>.</summary>
public static class InputReader
{
    public static Parsed<string> Read(string? path, CliConsole console, string option = "--input")
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return ValidationError.Required(option, "is required: give a file path, or - to read standard input");
        }

        if (path == "-")
        {
            return Checked(console.In.ReadToEnd(), option);
        }

        if (!File.Exists(path))
        {
            return ValidationError.Invalid(option, $"file '{path}' does not exist");
        }

        return Checked(File.ReadAllText(path), option);
    }

    /// <summary>
    /// Text that is not valid Unicode — an unpaired surrogate, raw or as a JSON escape such as "\ud800" — is bad input.
    /// System.Text.Json throws on it outside JsonException (ArgumentException, InvalidOperationException), which made
    /// triage, plan, progress and meds check exit 1 (issue 13 §6 fuzzing).
    /// </summary>
    public static Parsed<string> Checked(string text, string option)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return ValidationError.Invalid(option, $"is not valid Unicode text (an unpaired surrogate at character {i + 1})");
        }

        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text));
            while (reader.Read())
            {
                if (reader.TokenType is System.Text.Json.JsonTokenType.String or System.Text.Json.JsonTokenType.PropertyName) reader.GetString();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON at all: the command's own reader names the problem.
        }
        catch (InvalidOperationException)
        {
            return ValidationError.Invalid(option, "has a \\u escape that is not valid Unicode (an unpaired surrogate \\uD800-\\uDFFF)");
        }

        return text;
    }
}
