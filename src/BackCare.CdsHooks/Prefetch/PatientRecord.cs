using System.Collections.Frozen;
using System.Text.Json;
using BackCare.CdsHooks.Protocol;

namespace BackCare.CdsHooks.Prefetch;

/// <summary>
/// What the request says about the patient, by FHIR resource type, whatever prefetch keys the client used.
/// A type is <em>covered</em> when a resource of it arrived, when one of BackCare's own template keys came
/// as <c>null</c> (no data) or as a Bundle of that search; it <em>failed</em> when one of those keys came as
/// an OperationOutcome.
/// </summary>
public sealed class PatientRecord
{
    /// <summary>BackCare's prefetch keys (discovery) and the resource type each one fetches.</summary>
    public static readonly FrozenDictionary<string, string> TemplateTypes = new Dictionary<string, string>
    {
        ["patient"] = "Patient",
        ["medicationRequests"] = "MedicationRequest",
        ["medicationStatements"] = "MedicationStatement",
        ["conditions"] = "Condition",
        ["pregnancy"] = "Observation",
        ["breastfeeding"] = "Observation",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly Dictionary<string, List<JsonElement>> _byType = new(StringComparer.Ordinal);

    public HashSet<string> Covered { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Failed { get; } = new(StringComparer.Ordinal);

    /// <summary>Prefetch entries that came as <c>null</c> under keys that are not BackCare's (no data, type unknown).</summary>
    public int UnknownNulls { get; private set; }

    public IReadOnlyList<JsonElement> Of(string type) => _byType.TryGetValue(type, out var list) ? list : [];

    public JsonElement? Patient => Of("Patient") is { Count: > 0 } p ? p[0] : null;

    public static PatientRecord From(IEnumerable<PrefetchEntry> prefetch)
    {
        var record = new PatientRecord();
        foreach (var entry in prefetch)
        {
            var templateType = TemplateTypes.GetValueOrDefault(entry.Key);
            if (entry.Value is not { } value)
            {
                if (templateType is not null) record.Covered.Add(templateType);
                else record.UnknownNulls++;
                continue;
            }

            var type = CdsRequestParser.String(value, "resourceType"u8);
            if (type == "OperationOutcome")
            {
                if (templateType is not null) record.Failed.Add(templateType);
                continue;
            }

            if (type == "Bundle")
            {
                if (templateType is not null) record.Covered.Add(templateType);
                if (SearchType(value) is { } searched) record.Covered.Add(searched);
            }

            record.Add(value);
        }

        return record;
    }

    /// <summary>Adds a resource, or every resource of a Bundle (nested Bundles too).</summary>
    public void Add(JsonElement resource)
    {
        var type = CdsRequestParser.String(resource, "resourceType"u8);
        if (type is null) return;
        if (type == "Bundle")
        {
            if (resource.TryGetProperty("entry"u8, out var entries) && entries.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("resource"u8, out var inner) && inner.ValueKind == JsonValueKind.Object) Add(inner);
                }
            }

            return;
        }

        if (type == "OperationOutcome") return;
        if (!_byType.TryGetValue(type, out var list)) _byType[type] = list = [];
        list.Add(resource);
        Covered.Add(type);
    }

    /// <summary>The resource type a searchset Bundle answered, from its self link ("MedicationRequest?patient=...").</summary>
    private static string? SearchType(JsonElement bundle)
    {
        if (!bundle.TryGetProperty("link"u8, out var links) || links.ValueKind != JsonValueKind.Array) return null;
        foreach (var link in links.EnumerateArray())
        {
            if (CdsRequestParser.String(link, "relation"u8) != "self" || CdsRequestParser.String(link, "url"u8) is not { } url) continue;
            var path = url.Split('?')[0].TrimEnd('/');
            var type = path[(path.LastIndexOf('/') + 1)..];
            return type.Length > 0 && char.IsAsciiLetterUpper(type[0]) ? type : null;
        }

        return null;
    }
}
