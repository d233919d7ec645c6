using System.Collections.Immutable;
using System.Text.Json;

namespace BackCare.Clinical.Common;

/// <summary>
/// Strict readers for BackCare's JSON input documents: wrong types and unknown fields are errors that
/// name the field (with its path), so a misspelt key never silently changes clinical output.
/// </summary>
public sealed class StrictJson
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Error(string field, string code, string message) => _errors.Add(new ValidationError(field, code, message));

    public static (JsonDocument? Document, ValidationError? Error) Parse(string json)
    {
        try
        {
            return (JsonDocument.Parse(json), null);
        }
        catch (JsonException ex)
        {
            return (null, ValidationError.NotJson("input", $"is not valid JSON ({ex.Message})"));
        }
    }

    public bool ObjectWith(JsonElement element, string field, params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(field, ValidationCodes.Invalid, "must be a JSON object");
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name)) Error(Join(field, property.Name), ValidationCodes.Unknown, $"is not a known field; allowed: {string.Join(", ", allowed)}");
        }

        return true;
    }

    public int? WholeNumber(JsonElement parent, string name, string field, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(Join(field, name), ValidationCodes.Required, "is required (a whole number)");
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        Error(Join(field, name), ValidationCodes.Invalid, $"must be a whole number, got {value.GetRawText()}");
        return null;
    }

    public double? Number(JsonElement parent, string name, string field, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(Join(field, name), ValidationCodes.Required, "is required (a number)");
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return number;
        Error(Join(field, name), ValidationCodes.Invalid, $"must be a number, got {value.GetRawText()}");
        return null;
    }

    public bool? Bool(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Error(Join(field, name), ValidationCodes.Invalid, $"must be true or false, got {value.GetRawText()}");
        return null;
    }

    public string? Text(JsonElement parent, string name, string field, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(Join(field, name), ValidationCodes.Required, "is required (text)");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Error(Join(field, name), ValidationCodes.Invalid, $"must be text, got {value.GetRawText()}");
        return null;
    }

    public ImmutableArray<string> StringList(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(Join(field, name), ValidationCodes.Invalid, "must be a list of text values");
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString())) builder.Add(item.GetString()!.Trim());
            else Error($"{Join(field, name)}[{i}]", ValidationCodes.Invalid, "must be text");
            i++;
        }

        return builder.ToImmutable();
    }

    /// <summary>A list of whole numbers, where null marks a missing answer (reported later, never scored).</summary>
    public ImmutableArray<int?> IntList(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(field, ValidationCodes.Invalid, "must be a list of whole numbers");
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<int?>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null) builder.Add(null);
            else if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var n)) builder.Add(n);
            else Error($"{field}[{i + 1}]", ValidationCodes.Invalid, $"must be a whole number, got {item.GetRawText()}");
            i++;
        }

        return builder.ToImmutable();
    }

    public static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";
}
