using System.Collections.Immutable;
using System.Text.Json;
using BackCare.Clinical.Common;

namespace BackCare.Clinical.Medications;

/// <summary>
/// Reads the medication-check document strictly: <c>{"age", "sex", "pregnant", "breastfeeding",
/// "alcohol", "indication", "conditions": [...], "medications": ["Xanax 0.5mg", {"name", "rxnorm",
/// "durationWeeks"}]}</c>. Wrong types and unknown fields are errors naming the field.
/// </summary>
public static class MedicationInputJson
{
    private static readonly string[] Allowed = ["age", "sex", "pregnant", "breastfeeding", "alcohol", "indication", "conditions", "medications"];
    private static readonly string[] Sexes = ["female", "male", "other", "unknown"];

    public static (MedicationCheckInput? Input, ImmutableArray<ValidationError> Errors) Parse(string json)
    {
        var (document, error) = StrictJson.Parse(json);
        if (document is null) return (null, [error!]);
        using (document) return Parse(document.RootElement);
    }

    public static (MedicationCheckInput? Input, ImmutableArray<ValidationError> Errors) Parse(JsonElement root)
    {
        var json = new StrictJson();
        if (!json.ObjectWith(root, "", Allowed)) return (null, [.. json.Errors]);
        var age = json.WholeNumber(root, "age", "");
        var sex = json.Text(root, "sex", "");
        if (sex is not null && !Sexes.Contains(sex)) json.Error("sex", ValidationCodes.Unknown, $"is '{sex}'; allowed: {string.Join(", ", Sexes)}");
        var pregnant = json.Bool(root, "pregnant", "") ?? false;
        var breastfeeding = json.Bool(root, "breastfeeding", "") ?? false;
        var alcohol = json.Bool(root, "alcohol", "") ?? false;
        var indication = json.Text(root, "indication", "");
        var conditions = json.StringList(root, "conditions", "");
        if (!root.TryGetProperty("medications", out var meds))
        {
            json.Error("medications", ValidationCodes.Required, "is required (a list of names or {\"name\", \"rxnorm\", \"durationWeeks\"})");
        }

        var medications = meds.ValueKind == JsonValueKind.Undefined ? [] : ParseMedications(json, meds, "medications");
        return json.HasErrors
            ? (null, [.. json.Errors])
            : (new MedicationCheckInput(age, sex, pregnant, breastfeeding, alcohol, indication, conditions, medications), []);
    }

    /// <summary>A list of names or <c>{"name", "rxnorm", "durationWeeks"}</c> objects (shared with the plan input).</summary>
    public static ImmutableArray<MedicationEntry> ParseMedications(StrictJson json, JsonElement list, string field)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            json.Error(field, ValidationCodes.Invalid, "must be a list");
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<MedicationEntry>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"{field}[{i}]";
            if (item.ValueKind == JsonValueKind.String)
            {
                builder.Add(new MedicationEntry(item.GetString(), null, null));
            }
            else if (json.ObjectWith(item, path, "name", "rxnorm", "durationWeeks"))
            {
                var name = json.Text(item, "name", path);
                string? rxnorm = null;
                if (item.TryGetProperty("rxnorm", out var rx))
                {
                    rxnorm = rx.ValueKind switch
                    {
                        JsonValueKind.String => rx.GetString(),
                        JsonValueKind.Number => rx.GetRawText(),
                        _ => null,
                    };
                    if (rxnorm is null) json.Error($"{path}.rxnorm", ValidationCodes.Invalid, "must be an RxNorm code");
                }

                builder.Add(new MedicationEntry(name, rxnorm, json.WholeNumber(item, "durationWeeks", path)));
            }

            i++;
        }

        return builder.ToImmutable();
    }
}
