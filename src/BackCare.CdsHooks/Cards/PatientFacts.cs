using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BackCare.CdsHooks.Prefetch;
using BackCare.CdsHooks.Protocol;
using BackCare.Clinical.Evidence;

namespace BackCare.CdsHooks.Cards;

/// <summary>What the medication check needs to know about the patient, read from the FHIR resources.</summary>
public sealed record PatientFacts(int? Age, string? Sex, bool Pregnant, bool Breastfeeding, ImmutableArray<string> Conditions, string? Indication, Population? Phase)
{
    private const string Loinc = "http://loinc.org";
    private const string Snomed = "http://snomed.info/sct";

    public static PatientFacts Read(PatientRecord record, IEnumerable<JsonElement> draftOrders, CardCatalog catalog, DateTimeOffset now)
    {
        int? age = null;
        string? sex = null;
        if (record.Patient is { } patient)
        {
            if (CdsRequestParser.String(patient, "birthDate"u8) is { } birth) age = AgeAt(birth, now);
            sex = CdsRequestParser.String(patient, "gender"u8) switch { "female" => "female", "male" => "male", _ => null };
        }

        var conditions = new SortedSet<string>(StringComparer.Ordinal);
        string? indication = null;
        Population? phase = null;
        foreach (var condition in record.Of("Condition"))
        {
            if (!IsActive(condition)) continue;
            var concept = condition.TryGetProperty("code"u8, out var code) ? code : default;
            foreach (var (system, value, display) in Codings(concept))
            {
                if (catalog.ConditionCodes.TryGetValue(CardCatalog.Key(system, value), out var mapped)) conditions.Add(mapped);
            }

            if (BackPain(concept, catalog) is { } found)
            {
                indication = Stronger(indication, found.Indication);
                phase ??= found.Phase ?? PhaseFromOnset(condition, now);
            }
        }

        foreach (var order in draftOrders)
        {
            if (!order.TryGetProperty("reasonCode"u8, out var reasons) || reasons.ValueKind != JsonValueKind.Array) continue;
            foreach (var reason in reasons.EnumerateArray())
            {
                if (BackPain(reason, catalog) is { } found) indication = Stronger(indication, found.Indication);
            }
        }

        var pregnant = false;
        var breastfeeding = false;
        foreach (var observation in record.Of("Observation"))
        {
            if (CdsRequestParser.String(observation, "status"u8) is "entered-in-error" or "cancelled") continue;
            var codes = Codings(observation.TryGetProperty("code"u8, out var c) ? c : default).ToList();
            var values = Codings(observation.TryGetProperty("valueCodeableConcept"u8, out var v) ? v : default).ToList();
            if (codes.Any(x => x.System == Loinc && x.Code == "82810-3") && values.Any(x => (x.System == Snomed && x.Code == "77386006") || (x.System == Loinc && x.Code == "LA15173-0"))) pregnant = true;
            if (codes.Any(x => x.System == Loinc && x.Code == "63895-7") && values.Any(x => x.System == Snomed && x.Code == "413712001")) breastfeeding = true;
        }

        return new PatientFacts(age, sex, pregnant, breastfeeding, [.. conditions], indication, phase);
    }

    internal static IEnumerable<(string System, string Code, string? Display)> Codings(JsonElement concept)
    {
        if (concept.ValueKind != JsonValueKind.Object || !concept.TryGetProperty("coding"u8, out var list) || list.ValueKind != JsonValueKind.Array) yield break;
        foreach (var c in list.EnumerateArray())
        {
            if (CdsRequestParser.String(c, "code"u8) is { } code) yield return (CdsRequestParser.String(c, "system"u8) ?? "", code, CdsRequestParser.String(c, "display"u8));
        }
    }

    private static (string Indication, Population? Phase)? BackPain(JsonElement concept, CardCatalog catalog)
    {
        foreach (var (system, code, _) in Codings(concept))
        {
            if (catalog.BackPainCodes.TryGetValue(CardCatalog.Key(system, code), out var m))
            {
                return (m.Value, m.Phase is null ? null : Enum.Parse<Population>(m.Phase, ignoreCase: true));
            }
        }

        var texts = Codings(concept).Select(c => c.Display).Append(CdsRequestParser.String(concept, "text"u8)).OfType<string>();
        foreach (var text in texts)
        {
            foreach (var (word, indication) in catalog.BackPainWords)
            {
                if (text.Contains(word, StringComparison.OrdinalIgnoreCase)) return (indication, text.Contains("chronic", StringComparison.OrdinalIgnoreCase) ? Population.Chronic : null);
            }
        }

        return null;
    }

    /// <summary>Sciatica carries the low-back-pain recommendations and its own.</summary>
    private static string Stronger(string? current, string found) => current == "sciatica" || found == "sciatica" ? "sciatica" : found;

    private static bool IsActive(JsonElement condition)
    {
        if (!condition.TryGetProperty("clinicalStatus"u8, out var status)) return true;
        var codes = Codings(status).Select(c => c.Code).ToList();
        return codes.Count == 0 || codes.Any(c => c is "active" or "recurrence" or "relapse");
    }

    /// <summary>Acute under 4 weeks, subacute 4 to 12, chronic over 12 (ACP 2017), from the onset.</summary>
    private static Population? PhaseFromOnset(JsonElement condition, DateTimeOffset now)
    {
        string? onset = CdsRequestParser.String(condition, "onsetDateTime"u8);
        if (onset is null && condition.TryGetProperty("onsetPeriod"u8, out var period)) onset = CdsRequestParser.String(period, "start"u8);
        if (onset is null || !DateTimeOffset.TryParse(onset.Length == 10 ? onset + "T00:00:00Z" : onset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)) return null;
        var days = (now - start).TotalDays;
        return days < 0 ? null : days < 28 ? Population.Acute : days <= 84 ? Population.Subacute : Population.Chronic;
    }

    internal static int? AgeAt(string birthDate, DateTimeOffset now)
    {
        var parts = birthDate.Split('-');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        var month = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 1;
        var day = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 1;
        var age = now.Year - year;
        if (now.Month < month || (now.Month == month && now.Day < day)) age--;
        return age is >= 0 and <= 120 ? age : null;
    }
}
