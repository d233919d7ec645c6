using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackCare.CdsHooks.Protocol;

/// <summary>
/// Reads a CDS Hooks 2.0 request and says what is wrong with it (one reason, for a 400). Checks the
/// envelope (hook, hookInstance, fhirServer, fhirAuthorization, context, prefetch, extension) and what
/// BackCare reads from the FHIR content: every prefetched value and draft order is a resource with a
/// resourceType, MedicationRequest.status and Patient.birthDate are well formed. A context id given as a
/// reference of the right type ("Patient/123", as the CDC opioid CDS examples send) is read as its id.
/// </summary>
public static partial class CdsRequestParser
{
    public const int MaxDepth = 64;

    private static readonly FrozenSet<string> MedicationRequestStatuses = new[]
        { "active", "on-hold", "cancelled", "completed", "entered-in-error", "stopped", "draft", "unknown" }.ToFrozenSet(StringComparer.Ordinal);

    public static JsonDocumentOptions DocumentOptions => new() { MaxDepth = MaxDepth };

    public static (CdsRequest? Request, string? Error) Parse(JsonElement root, string expectedHook)
    {
        if (root.ValueKind != JsonValueKind.Object) return Bad("the request must be a JSON object");
        if (String(root, "hook"u8) is not { } hook) return Bad("hook is required (a string)");
        if (hook != expectedHook) return Bad($"hook is '{Clip(hook)}'; this service answers '{expectedHook}'");
        if (String(root, "hookInstance"u8) is not { Length: > 0 } hookInstance) return Bad("hookInstance is required (a string)");

        Uri? fhirServer = null;
        if (Present(root, "fhirServer"u8, out var server))
        {
            if (server.ValueKind != JsonValueKind.String || !Uri.TryCreate(server.GetString(), UriKind.Absolute, out fhirServer) || fhirServer.Scheme is not ("https" or "http"))
            {
                return Bad("fhirServer must be an absolute http(s) URL");
            }
        }

        FhirAuthorization? authorization = null;
        if (Present(root, "fhirAuthorization"u8, out var auth))
        {
            if (auth.ValueKind != JsonValueKind.Object) return Bad("fhirAuthorization must be an object");
            if (fhirServer is null) return Bad("fhirAuthorization needs fhirServer");
            if (String(auth, "access_token"u8) is not { Length: > 0 } accessToken) return Bad("fhirAuthorization.access_token is required");
            if (String(auth, "token_type"u8) is not "Bearer") return Bad("fhirAuthorization.token_type must be 'Bearer'");
            if (!auth.TryGetProperty("expires_in"u8, out var expires) || expires.ValueKind != JsonValueKind.Number || !expires.TryGetInt64(out var expiresIn)) return Bad("fhirAuthorization.expires_in is required (an integer)");
            if (String(auth, "scope"u8) is not { } scope) return Bad("fhirAuthorization.scope is required");
            if (String(auth, "subject"u8) is not { } subject) return Bad("fhirAuthorization.subject is required");
            authorization = new FhirAuthorization(accessToken, "Bearer", expiresIn, scope, subject, String(auth, "patient"u8));
        }

        if (Present(root, "extension"u8, out var extension) && extension.ValueKind != JsonValueKind.Object) return Bad("extension must be an object");
        if (!root.TryGetProperty("context"u8, out var context) || context.ValueKind != JsonValueKind.Object) return Bad("context is required (an object)");
        if (String(context, "userId"u8) is not { Length: > 0 } userId) return Bad("context.userId is required (a string)");
        if (Id(context, "patientId"u8, "Patient") is not { } patientId) return Bad("context.patientId is required (a FHIR Patient id)");
        string? encounterId = null;
        if (Present(context, "encounterId"u8, out _) && (encounterId = Id(context, "encounterId"u8, "Encounter")) is null) return Bad("context.encounterId must be a FHIR Encounter id");

        var selections = ImmutableArray<string>.Empty;
        var drafts = ImmutableArray<JsonElement>.Empty;
        if (hook is "order-select" or "order-sign")
        {
            if (hook == "order-select")
            {
                if (!context.TryGetProperty("selections"u8, out var sel) || sel.ValueKind != JsonValueKind.Array || sel.GetArrayLength() == 0) return Bad("context.selections is required (a non-empty array)");
                var builder = ImmutableArray.CreateBuilder<string>();
                foreach (var s in sel.EnumerateArray())
                {
                    if (s.ValueKind != JsonValueKind.String || !Reference().IsMatch(s.GetString()!)) return Bad("context.selections must hold references such as 'MedicationRequest/123'");
                    builder.Add(s.GetString()!);
                }

                selections = builder.ToImmutable();
            }

            if (!context.TryGetProperty("draftOrders"u8, out var bundle) || bundle.ValueKind != JsonValueKind.Object) return Bad("context.draftOrders is required (a FHIR Bundle)");
            if (String(bundle, "resourceType"u8) != "Bundle") return Bad("context.draftOrders must be a Bundle");
            var (resources, error) = Entries(bundle, "context.draftOrders");
            if (error is not null) return Bad(error);
            drafts = resources;
        }

        var prefetch = ImmutableArray.CreateBuilder<PrefetchEntry>();
        if (Present(root, "prefetch"u8, out var pre))
        {
            if (pre.ValueKind != JsonValueKind.Object) return Bad("prefetch must be an object");
            foreach (var item in pre.EnumerateObject())
            {
                if (item.Value.ValueKind == JsonValueKind.Null)
                {
                    prefetch.Add(new PrefetchEntry(item.Name, null));
                    continue;
                }

                if (item.Value.ValueKind != JsonValueKind.Object || String(item.Value, "resourceType"u8) is not { Length: > 0 } type) return Bad($"prefetch.{Clip(item.Name)} must be a FHIR resource or null");
                var problem = type == "Bundle" ? Entries(item.Value, "prefetch." + Clip(item.Name)).Error : Resource(item.Value, "prefetch." + Clip(item.Name));
                if (problem is not null) return Bad(problem);
                prefetch.Add(new PrefetchEntry(item.Name, item.Value));
            }
        }

        return (new CdsRequest(hook, hookInstance, fhirServer, authorization, userId, patientId, encounterId, selections, drafts, prefetch.ToImmutable()), null);
    }

    private static (ImmutableArray<JsonElement> Resources, string? Error) Entries(JsonElement bundle, string where)
    {
        if (!Present(bundle, "entry"u8, out var entries)) return ([], null);
        if (entries.ValueKind != JsonValueKind.Array) return ([], $"{where}.entry must be an array");
        var builder = ImmutableArray.CreateBuilder<JsonElement>();
        var i = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object) return ([], $"{where}.entry[{i}] must be an object");
            if (Present(entry, "resource"u8, out var resource))
            {
                if (resource.ValueKind != JsonValueKind.Object || String(resource, "resourceType"u8) is not { Length: > 0 }) return ([], $"{where}.entry[{i}].resource has no resourceType");
                if (Resource(resource, $"{where}.entry[{i}].resource") is { } problem) return ([], problem);
                builder.Add(resource);
            }

            i++;
        }

        return (builder.ToImmutable(), null);
    }

    /// <summary>The fields BackCare reads, checked for form.</summary>
    private static string? Resource(JsonElement resource, string where)
    {
        switch (String(resource, "resourceType"u8))
        {
            case "MedicationRequest":
                if (Present(resource, "status"u8, out var status) && (status.ValueKind != JsonValueKind.String || !MedicationRequestStatuses.Contains(status.GetString()!)))
                {
                    return $"{where}.status is not a MedicationRequest status";
                }

                break;
            case "Patient":
                if (Present(resource, "birthDate"u8, out var birth) && (birth.ValueKind != JsonValueKind.String || !FhirDate().IsMatch(birth.GetString()!)))
                {
                    return $"{where}.birthDate is not a FHIR date";
                }

                break;
            case "Bundle":
                return Entries(resource, where).Error;
        }

        return null;
    }

    /// <summary>
    /// A string property, or null. The name is UTF-8 (<c>"id"u8</c>) like the document, so it is compared as it is instead
    /// of being transcoded for every lookup (a 30-resource request makes several hundred). A common value (a resource type,
    /// a status) comes back as one shared string instance.
    /// </summary>
    internal static string? String(JsonElement e, ReadOnlySpan<byte> utf8Name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(utf8Name, out var v) && v.ValueKind == JsonValueKind.String ? Known(v) ?? v.GetString() : null;

    /// <summary>
    /// Values that nearly every resource repeats (resource types, statuses, intents, the code systems of their codings):
    /// returned as these strings rather than as a new copy each time they are read. Grouped by UTF-8 length, so a value is
    /// compared with at most the few of its own length.
    /// </summary>
    private static readonly (byte[] Utf8, string Text)[][] KnownValuesByLength = ByLength(
    [
        "MedicationRequest", "MedicationStatement", "Medication", "Condition", "Patient", "Observation", "Bundle", "OperationOutcome",
        "active", "order", "draft", "completed", "stopped", "on-hold", "intended", "final", "female", "male", "searchset",
        "http://www.nlm.nih.gov/research/umls/rxnorm", "http://snomed.info/sct", "http://loinc.org",
    ]);

    private static (byte[] Utf8, string Text)[][] ByLength(string[] values)
    {
        var utf8 = values.Select(v => (Utf8: Encoding.UTF8.GetBytes(v), Text: v)).ToList();
        var table = new (byte[], string)[utf8.Max(v => v.Utf8.Length) + 1][];
        for (var length = 0; length < table.Length; length++) table[length] = [.. utf8.Where(v => v.Utf8.Length == length)];
        return table;
    }

    private static string? Known(JsonElement value)
    {
        // The raw value is the string as sent, quotes included; one with an escape in it is never one of these.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length < 2 || raw.Length - 2 >= KnownValuesByLength.Length) return null;
        var text = raw[1..^1];
        foreach (var (utf8, known) in KnownValuesByLength[text.Length])
        {
            if (text.SequenceEqual(utf8)) return known;
        }

        return null;
    }

    /// <summary>Present and not JSON null.</summary>
    private static bool Present(JsonElement e, ReadOnlySpan<byte> utf8Name, out JsonElement value) =>
        e.TryGetProperty(utf8Name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string? Id(JsonElement context, ReadOnlySpan<byte> utf8Name, string type)
    {
        if (String(context, utf8Name) is not { } value) return null;
        if (value.StartsWith(type + "/", StringComparison.Ordinal)) value = value[(type.Length + 1)..];
        return FhirId().IsMatch(value) ? value : null;
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static (CdsRequest?, string?) Bad(string reason) => (null, reason);

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex FhirId();

    [GeneratedRegex(@"^[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$")]
    private static partial Regex FhirDate();
}
