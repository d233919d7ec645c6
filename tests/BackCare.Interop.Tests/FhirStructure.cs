using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackCare.Interop.Tests;

/// <summary>
/// The R4 structural rules BackCare's exports rely on, checked independently of our mapping code:
/// known elements only, valid ids, absolute fullUrls, timezones on times, required elements. The
/// checker is itself tested against the official examples (must pass) and the validator's bad cases
/// (must fail for the stated reason) in tests/fixtures/external/fhir-r4.
/// </summary>
public static partial class FhirStructure
{
    private static readonly string[] Common = ["resourceType", "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension"];

    private static readonly Dictionary<string, (string[] Allowed, string[] Required)> Types = new()
    {
        ["Bundle"] = (["identifier", "type", "timestamp", "total", "link", "entry", "signature"], ["type"]),
        ["Patient"] = (["identifier", "active", "name", "telecom", "gender", "birthDate", "deceasedBoolean", "deceasedDateTime", "address", "maritalStatus",
            "multipleBirthBoolean", "multipleBirthInteger", "photo", "contact", "communication", "generalPractitioner", "managingOrganization", "link"], []),
        ["Observation"] = (["identifier", "basedOn", "partOf", "status", "category", "code", "subject", "focus", "encounter", "effectiveDateTime", "effectivePeriod",
            "effectiveTiming", "effectiveInstant", "issued", "performer", "valueQuantity", "valueCodeableConcept", "valueString", "valueBoolean", "valueInteger",
            "valueRange", "valueRatio", "valueSampledData", "valueTime", "valueDateTime", "valuePeriod", "dataAbsentReason", "interpretation", "note", "bodySite",
            "method", "specimen", "device", "referenceRange", "hasMember", "derivedFrom", "component"], ["status", "code"]),
        ["QuestionnaireResponse"] = (["identifier", "basedOn", "partOf", "questionnaire", "status", "subject", "encounter", "authored", "author", "source", "item"], ["status"]),
        ["MedicationStatement"] = (["identifier", "basedOn", "partOf", "status", "statusReason", "category", "medicationCodeableConcept", "medicationReference",
            "subject", "context", "effectiveDateTime", "effectivePeriod", "dateAsserted", "informationSource", "derivedFrom", "reasonCode", "reasonReference", "note", "dosage"],
            ["status", "subject"]),
    };

    public static List<string> Problems(JsonElement resource, string path = "")
    {
        var problems = new List<string>();
        if (!resource.TryGetProperty("resourceType", out var typeElement))
        {
            problems.Add($"{path}: no resourceType");
            return problems;
        }

        var type = typeElement.GetString()!;
        if (Types.TryGetValue(type, out var rules))
        {
            foreach (var property in resource.EnumerateObject())
            {
                var name = property.Name.TrimStart('_');
                if (!Common.Contains(name) && !rules.Allowed.Contains(name)) problems.Add($"{path}{type}: unrecognized property '{property.Name}'");
            }

            foreach (var required in rules.Required)
            {
                if (!resource.TryGetProperty(required, out _)) problems.Add($"{path}{type}.{required}: minimum required = 1, but only found 0");
            }

            if (type == "MedicationStatement" && !resource.TryGetProperty("medicationCodeableConcept", out _) && !resource.TryGetProperty("medicationReference", out _))
            {
                problems.Add($"{path}MedicationStatement.medication[x]: minimum required = 1");
            }
        }

        if (resource.TryGetProperty("id", out var id) && !IdPattern().IsMatch(id.GetString() ?? "")) problems.Add($"{path}{type}.id: invalid resource id '{id.GetString()}'");
        Walk(resource, $"{path}{type}", problems);
        if (type == "Bundle" && resource.TryGetProperty("entry", out var entries))
        {
            var i = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.TryGetProperty("fullUrl", out var fullUrl) && !Uri.TryCreate(fullUrl.GetString(), UriKind.Absolute, out _))
                {
                    problems.Add($"Bundle.entry[{i}].fullUrl: must be an absolute URL (not '{fullUrl.GetString()}')");
                }

                if (entry.TryGetProperty("resource", out var inner)) problems.AddRange(Problems(inner, $"Bundle.entry[{i}]."));
                i++;
            }
        }

        return problems;
    }

    /// <summary>dateTime values with a time must carry a timezone (R4 dateTime / instant rule).</summary>
    private static void Walk(JsonElement element, string path, List<string> problems)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name is "entry" or "contained") continue;
                if (property.Value.ValueKind == JsonValueKind.String && DateTimeWithoutZone().IsMatch(property.Value.GetString()!))
                {
                    problems.Add($"{path}.{property.Name}: if a date has a time, it must have a timezone");
                }

                Walk(property.Value, $"{path}.{property.Name}", problems);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Walk(item, path, problems);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")]
    private static partial Regex DateTimeWithoutZone();
}
