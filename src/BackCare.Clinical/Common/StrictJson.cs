using System.Collections.Immutable;
using System.Text.Json;

namespace BackCare.Clinical.Common;

/// <summary>A problem in an input document: which field, what is wrong or allowed.</summary>
public sealed record InputError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>
/// Strict readers for BackCare's JSON input documents: wrong types and unknown fields are errors that
/// name the field (with its path), so a misspelt key never silently changes clinical output.
/// </summary>
public sealed class StrictJson
{
    private readonly List<InputError> _errors = [];

    public IReadOnlyList<InputError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Error(string field, string message) => _errors.Add(new InputError(field, message));

    public static (JsonDocument? Document, InputError? Error) Parse(string json)
    {
        try
        {
            return (JsonDocument.Parse(json), null);
        }
        catch (JsonException ex)
        {
            return (null, new InputError("input", $"is not valid JSON ({ex.Message})"));
        }
    }

    public bool ObjectWith(JsonElement element, string field, params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(field, "must be a JSON object");
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name)) Error(Join(field, property.Name), $"is not a known field; allowed: {string.Join(", ", allowed)}");
        }

        return true;
    }

    public int? WholeNumber(JsonElement parent, string name, string field, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(Join(field, name), "is required (a whole number)");
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        Error(Join(field, name), $"must be a whole number, got {value.GetRawText()}");
        return null;
    }

    public double? Number(JsonElement parent, string name, string field, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(Join(field, name), "is required (a number)");
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return number;
        Error(Join(field, name), $"must be a number, got {value.GetRawText()}");
        return null;
    }

    public bool? Bool(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Error(Join(field, name), $"must be true or false, got {value.GetRawText()}");
        return null;
    }

    public string? Text(JsonElement parent, string name, string field, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(Join(field, name), "is required (text)");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Error(Join(field, name), $"must be text, got {value.GetRawText()}");
        return null;
    }

    public ImmutableArray<string> StringList(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(Join(field, name), "must be a list of text values");
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString())) builder.Add(item.GetString()!.Trim());
            else Error($"{Join(field, name)}[{i}]", "must be text");
            i++;
        }

        return builder.ToImmutable();
    }

    /// <summary>A list of whole numbers, where null marks a missing answer (reported later, never scored).</summary>
    public ImmutableArray<int?> IntList(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(field, "must be a list of whole numbers");
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<int?>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null) builder.Add(null);
            else if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var n)) builder.Add(n);
            else Error($"{field}[{i + 1}]", $"must be a whole number, got {item.GetRawText()}");
            i++;
        }

        return builder.ToImmutable();
    }

    public static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";
}
