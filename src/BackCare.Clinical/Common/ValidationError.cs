namespace BackCare.Clinical.Common;

/// <summary>
/// Bad input, in one shape for the core, the CLI and the web: the field it concerns (a JSON path such as
/// <c>answers.phq9[3]</c>, or a form or option name), a stable <see cref="Code"/> that programs and screens
/// branch on (never the message text), and a message for people. <see cref="Item"/> is the questionnaire item
/// number when the problem is one answer.
/// </summary>
public sealed record ValidationError(string Field, string Code, string Message)
{
    public int? Item { get; init; }

    public override string ToString() => $"{Field}: {Message}";

    /// <summary>A required value is absent (a missing field, an unanswered questionnaire item).</summary>
    public static ValidationError Required(string field, string message) => new(field, ValidationCodes.Required, message);

    /// <summary>A value of the wrong type or form (text where a number belongs, a malformed date).</summary>
    public static ValidationError Invalid(string field, string message) => new(field, ValidationCodes.Invalid, message);

    /// <summary>A number or answer outside what is allowed.</summary>
    public static ValidationError OutOfRange(string field, string message) => new(field, ValidationCodes.OutOfRange, message);

    /// <summary>A field name, id or code that BackCare does not know.</summary>
    public static ValidationError Unknown(string field, string message) => new(field, ValidationCodes.Unknown, message);

    /// <summary>A document that is not JSON at all.</summary>
    public static ValidationError NotJson(string field, string message) => new(field, ValidationCodes.NotJson, message);

    /// <summary>Options that cannot be used together, or a request that conflicts with itself.</summary>
    public static ValidationError Conflict(string field, string message) => new(field, ValidationCodes.Conflict, message);
}

/// <summary>The codes a <see cref="ValidationError"/> carries: part of the CLI's JSON output, extend, never rename.</summary>
public static class ValidationCodes
{
    public const string Required = "required";
    public const string Invalid = "invalid";
    public const string OutOfRange = "out_of_range";
    public const string Unknown = "unknown";
    public const string NotJson = "not_json";
    public const string Conflict = "conflict";
    public const string TooMany = "too_many";
    public const string Unsupported = "unsupported";
}
