using System.Collections.Immutable;
using System.Text.Json;

namespace BackCare.Clinical.Medications;

/// <summary>
/// Reads the medication-check document strictly: <c>{"age", "sex", "pregnant", "breastfeeding",
/// "alcohol", "indication", "conditions": [...], "medications": ["Xanax 0.5mg", {"name", "rxnorm",
/// "durationWeeks"}]}</c>. Wrong types and unknown fields are errors naming the field.
/// </summary>
public static class MedicationInputJson
{
    private static readonly string[] Allowed = ["age", "sex", "pregnant", "breastfeeding", "alcohol", "indication", "conditions", "medications"];
    private static readonly string[] AllowedEntry = ["name", "rxnorm", "durationWeeks"];
    private static readonly string[] Sexes = ["female", "male", "other", "unknown"];

    public static (MedicationCheckInput? Input, ImmutableArray<MedicationInputError> Errors) Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            return (null, [new MedicationInputError("input", $"is not valid JSON ({ex.Message})")]);
        }
    }

    public static (MedicationCheckInput? Input, ImmutableArray<MedicationInputError> Errors) Parse(JsonElement root)
    {
        var errors = ImmutableArray.CreateBuilder<MedicationInputError>();
        if (root.ValueKind != JsonValueKind.Object) return (null, [new("input", "must be a JSON object")]);
        foreach (var property in root.EnumerateObject())
        {
            if (!Allowed.Contains(property.Name)) errors.Add(new(property.Name, $"is not a known field; allowed: {string.Join(", ", Allowed)}"));
        }

        int? age = null;
        if (root.TryGetProperty("age", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            if (a.ValueKind == JsonValueKind.Number && a.TryGetInt32(out var v)) age = v;
            else errors.Add(new("age", $"must be a whole number of years, got {a.GetRawText()}"));
        }

        var sex = OptionalString(root, "sex", errors);
        if (sex is not null && !Sexes.Contains(sex)) errors.Add(new("sex", $"is '{sex}'; allowed: {string.Join(", ", Sexes)}"));
        var pregnant = Bool(root, "pregnant", errors);
        var breastfeeding = Bool(root, "breastfeeding", errors);
        var alcohol = Bool(root, "alcohol", errors);
        var indication = OptionalString(root, "indication", errors);
        var conditions = ImmutableArray.CreateBuilder<string>();
        if (root.TryGetProperty("conditions", out var c))
        {
            if (c.ValueKind != JsonValueKind.Array) errors.Add(new("conditions", "must be a list of condition codes"));
            else
            {
                var i = 0;
                foreach (var item in c.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String) conditions.Add(item.GetString()!.Trim());
                    else errors.Add(new($"conditions[{i}]", "must be a condition code (text)"));
                    i++;
                }
            }
        }

        var medications = ImmutableArray.CreateBuilder<MedicationEntry>();
        if (!root.TryGetProperty("medications", out var meds))
        {
            errors.Add(new("medications", "is required (a list of names or {\"name\", \"rxnorm\", \"durationWeeks\"})"));
        }
        else if (meds.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new("medications", "must be a list"));
        }
        else
        {
            var i = 0;
            foreach (var item in meds.EnumerateArray())
            {
                var field = $"medications[{i}]";
                if (item.ValueKind == JsonValueKind.String) medications.Add(new MedicationEntry(item.GetString(), null, null));
                else if (item.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in item.EnumerateObject())
                    {
                        if (!AllowedEntry.Contains(p.Name)) errors.Add(new($"{field}.{p.Name}", $"is not a known field; allowed: {string.Join(", ", AllowedEntry)}"));
                    }

                    var name = OptionalString(item, "name", errors, field + ".");
                    string? rxnorm = null;
                    if (item.TryGetProperty("rxnorm", out var rx))
                    {
                        rxnorm = rx.ValueKind switch
                        {
                            JsonValueKind.String => rx.GetString(),
                            JsonValueKind.Number => rx.GetRawText(),
                            _ => null,
                        };
                        if (rxnorm is null) errors.Add(new($"{field}.rxnorm", "must be an RxNorm code"));
                    }

                    int? weeks = null;
                    if (item.TryGetProperty("durationWeeks", out var w) && w.ValueKind != JsonValueKind.Null)
                    {
                        if (w.ValueKind == JsonValueKind.Number && w.TryGetInt32(out var wv)) weeks = wv;
                        else errors.Add(new($"{field}.durationWeeks", $"must be a whole number of weeks, got {w.GetRawText()}"));
                    }

                    medications.Add(new MedicationEntry(name, rxnorm, weeks));
                }
                else
                {
                    errors.Add(new(field, "must be a name or an object {\"name\", \"rxnorm\", \"durationWeeks\"}"));
                }

                i++;
            }
        }

        return errors.Count > 0
            ? (null, errors.ToImmutable())
            : (new MedicationCheckInput(age, sex, pregnant, breastfeeding, alcohol, indication, conditions.ToImmutable(), medications.ToImmutable()), []);
    }

    private static string? OptionalString(JsonElement root, string field, ImmutableArray<MedicationInputError>.Builder errors, string prefix = "")
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors.Add(new(prefix + field, $"must be text, got {value.GetRawText()}"));
        return null;
    }

    private static bool Bool(JsonElement root, string field, ImmutableArray<MedicationInputError>.Builder errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return false;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        errors.Add(new(field, $"must be true or false, got {value.GetRawText()}"));
        return false;
    }
}
