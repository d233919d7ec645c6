using BackCare.Clinical.Common;
using System.Collections.Immutable;
using System.Text.Json;

namespace BackCare.Clinical.Triage;

/// <summary>
/// Reads the triage input document <c>{"age", "durationDays", "findings": [...]}</c> strictly:
/// wrong types and unknown fields are errors naming the field (a misspelt "finding" must never
/// silently become "no red flags").
/// </summary>
public static class TriageInputJson
{
    private static readonly string[] Allowed = ["age", "durationDays", "findings"];

    public static (TriageInput? Input, ImmutableArray<ValidationError> Errors) Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return (null, [ValidationError.NotJson("input", $"is not valid JSON ({ex.Message})")]);
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    public static (TriageInput? Input, ImmutableArray<ValidationError> Errors) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [ValidationError.Invalid("input", "must be a JSON object {\"age\", \"durationDays\", \"findings\"}")]);
        }

        var errors = ImmutableArray.CreateBuilder<ValidationError>();
        foreach (var property in root.EnumerateObject())
        {
            if (!Allowed.Contains(property.Name)) errors.Add(ValidationError.Unknown(property.Name, $"is not a known field; allowed: {string.Join(", ", Allowed)}"));
        }

        var age = WholeNumber(root, "age", required: true, errors);
        var duration = WholeNumber(root, "durationDays", required: true, errors);
        var findings = ImmutableArray.CreateBuilder<string>();
        if (root.TryGetProperty("findings", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                errors.Add(ValidationError.Invalid("findings", "must be a list of finding codes"));
            }
            else
            {
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString())) findings.Add(item.GetString()!.Trim());
                    else errors.Add(ValidationError.Invalid($"findings[{index}]", "must be a finding code (text)"));
                    index++;
                }
            }
        }

        return errors.Count > 0 || age is null || duration is null
            ? (null, errors.ToImmutable())
            : (new TriageInput(age.Value, duration.Value, findings.Distinct().ToImmutableArray()), []);
    }

    internal static int? WholeNumber(JsonElement root, string field, bool required, ImmutableArray<ValidationError>.Builder errors)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            if (required) errors.Add(ValidationError.Required(field, "is required (a whole number)"));
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        errors.Add(ValidationError.Invalid(field, $"must be a whole number, got {value.GetRawText()}"));
        return null;
    }
}
