using Hl7.Fhir.Model;

namespace BackCare.Interop.Fhir.Search;

/// <summary>One search parameter BackCare supports: its name, FHIR type, and how to read its values from a resource.</summary>
public sealed record SupportedParameter(string Name, SearchParamType Type, string Documentation)
{
    public Func<Resource, IEnumerable<Coding>>? Tokens { get; init; }
    public Func<Resource, IEnumerable<FhirDateRange>>? Dates { get; init; }
    public Func<Resource, IEnumerable<string>>? Strings { get; init; }
    public Func<Resource, string?>? PatientId { get; init; }
}

/// <summary>A resource type the API serves, with its search parameters. The CapabilityStatement is written from this table.</summary>
public sealed record SupportedType(string Name, IReadOnlyList<SupportedParameter> Parameters, bool SearchType = true);

/// <summary>
/// What the API supports, as data: the search code and the CapabilityStatement both read it, so the statement tells the
/// truth. A parameter not in this table is refused with 400 (never ignored), and so is any modifier or chain.
/// </summary>
public static class SearchParameters
{
    /// <summary>Result-control parameters every search accepts.</summary>
    public static readonly IReadOnlySet<string> Control = new HashSet<string>(StringComparer.Ordinal) { "_count", "_offset", "_format" };

    public const int DefaultCount = 50;
    public const int MaxCount = 200;

    private static readonly SupportedParameter Id = new("_id", SearchParamType.Token, "Logical id of the resource") { Strings = r => [r.Id ?? ""] };

    private static readonly SupportedParameter LastUpdated = new("_lastUpdated", SearchParamType.Date, "When the resource last changed (meta.lastUpdated), with prefixes")
    {
        Dates = r => r.Meta?.LastUpdated is { } at ? [FhirDateRange.Instant(at)] : [],
    };

    private static SupportedParameter Patient(string name, Func<Resource, ResourceReference?> subject) =>
        new(name, SearchParamType.Reference, "The patient: Patient/{id} or {id}") { PatientId = r => ReferencedPatient(subject(r)) };

    private static IEnumerable<FhirDateRange> Range(string? value) => FhirDateRange.Parse(value) is { } range ? [range] : [];

    public static readonly IReadOnlyList<SupportedType> Types =
    [
        new("Patient", [Id, LastUpdated]),
        new("Observation",
        [
            Id, LastUpdated,
            Patient("patient", r => ((Observation)r).Subject),
            Patient("subject", r => ((Observation)r).Subject),
            new("code", SearchParamType.Token, "LOINC or BackCare score code: system|code, |code or code") { Tokens = r => ((Observation)r).Code?.Coding ?? [] },
            new("category", SearchParamType.Token, "Observation category (survey)") { Tokens = r => ((Observation)r).Category.SelectMany(c => c.Coding) },
            new("date", SearchParamType.Date, "Observation.effective, with prefixes eq ne gt lt ge le sa eb") { Dates = r => Range((((Observation)r).Effective as FhirDateTime)?.Value) },
        ]),
        new("QuestionnaireResponse",
        [
            Id, LastUpdated,
            Patient("patient", r => ((QuestionnaireResponse)r).Subject),
            Patient("subject", r => ((QuestionnaireResponse)r).Subject),
            new("questionnaire", SearchParamType.Reference, "Canonical URL of the questionnaire (urn:backcare:questionnaire:phq9 ...)") { Strings = r => [((QuestionnaireResponse)r).Questionnaire ?? ""] },
            new("authored", SearchParamType.Date, "When the answers were given, with prefixes") { Dates = r => Range(((QuestionnaireResponse)r).Authored) },
        ]),
        new("MedicationStatement",
        [
            Id, LastUpdated,
            Patient("patient", r => ((MedicationStatement)r).Subject),
            Patient("subject", r => ((MedicationStatement)r).Subject),
            new("code", SearchParamType.Token, "RxNorm code of the medicine") { Tokens = r => (((MedicationStatement)r).Medication as CodeableConcept)?.Coding ?? [] },
            new("status", SearchParamType.Token, "active ...") { Strings = r => [((MedicationStatement)r).Status?.ToString().ToLowerInvariant() ?? ""] },
        ]),
    ];

    public static SupportedType? Type(string name) => Types.FirstOrDefault(t => t.Name == name);

    /// <summary>The patient id in a reference "Patient/{id}" (relative or absolute); null for anything else.</summary>
    public static string? ReferencedPatient(ResourceReference? reference)
    {
        var text = reference?.Reference;
        if (text is null) return null;
        var at = text.LastIndexOf("Patient/", StringComparison.Ordinal);
        if (at < 0 || (at > 0 && text[at - 1] != '/')) return null;
        var id = text[(at + "Patient/".Length)..];
        return id.Length > 0 && !id.Contains('/', StringComparison.Ordinal) ? id : null;
    }
}
