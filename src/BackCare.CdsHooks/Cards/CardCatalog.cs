using System.Collections.Frozen;
using System.Collections.Immutable;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace BackCare.CdsHooks.Cards;

public sealed record OverrideReason(string Code, string Display);

public sealed record CardSetting(string Rule, Severity? Severity, string? Summary, ImmutableArray<string> Sources);

public sealed record CodeMapping(string System, string Code, string Value, string? Phase, string Display);

/// <summary>
/// data/cds-hooks/cards.yml, checked against the evidence base: card settings by rule, suppressed rules,
/// override reasons (CodeSystem <see cref="OverrideReasonSystem"/>), and the condition codes read from EHR records.
/// Also every rule id a card can carry, for the card uuid prefix that lets feedback name its rule.
/// </summary>
public sealed class CardCatalog
{
    public const string RuleSystem = "urn:backcare:cds:rule";
    public const string OverrideReasonSystem = "urn:backcare:cds:override-reason";
    public const string UnrecognizedRule = "unrecognized";
    public const int MaxSummary = 139;
    public const int MaxTitle = 100;

    public CardCatalog(EvidenceBase evidence, string yaml)
    {
        var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<CardsFile>(yaml)
            ?? throw new InvalidOperationException("data/cds-hooks/cards.yml is empty");
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in evidence.Interactions) titles[i.Id] = i.Title;
        foreach (var r in evidence.MedicationRules) titles[r.Id] = Humanize(r.Id);
        foreach (var i in evidence.Interventions.Where(i => i.Kind == InterventionKind.Drug)) titles["guideline:" + i.Id] = i.Name;
        titles[UnrecognizedRule] = "Medication not recognised";
        var medicationRules = evidence.MedicationRules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var problems = new List<string>();
        var settings = new Dictionary<string, CardSetting>(StringComparer.Ordinal);
        foreach (var c in file.Cards)
        {
            if (!titles.ContainsKey(c.Rule)) problems.Add($"cards: unknown rule '{c.Rule}'");
            if (c.Summary is { Length: > MaxSummary }) problems.Add($"cards: {c.Rule} summary is {c.Summary.Length} characters (at most {MaxSummary})");
            if (c.Title is not null && (string.IsNullOrWhiteSpace(c.Title) || c.Title.Length > MaxTitle)) problems.Add($"cards: {c.Rule} title must be 1 to {MaxTitle} characters");
            if (c.Title is not null && !medicationRules.Contains(c.Rule)) problems.Add($"cards: {c.Rule} has a title of its own in the evidence base (only medication rules take one here)");
            foreach (var s in c.Sources) if (evidence.Source(s) is null) problems.Add($"cards: {c.Rule} cites unknown source '{s}'");
            if (c.Summary is not null && c.Sources.Count == 0) problems.Add($"cards: {c.Rule} has a summary without sources");
            Severity? severity = null;
            if (c.Severity is not null)
            {
                if (Enum.TryParse<Severity>(c.Severity, ignoreCase: true, out var parsed)) severity = parsed;
                else problems.Add($"cards: {c.Rule} severity '{c.Severity}'");
            }

            settings[c.Rule] = new CardSetting(c.Rule, severity, c.Summary, [.. c.Sources]);

            // A clinician-facing title replaces the one made from the rule id (only medication rules lack one of their own).
            if (c.Title is not null && medicationRules.Contains(c.Rule)) titles[c.Rule] = c.Title;
        }

        Titles = titles.ToFrozenDictionary(StringComparer.Ordinal);

        foreach (var s in file.Suppressed)
        {
            if (!Titles.ContainsKey(s.Rule)) problems.Add($"suppressed: unknown rule '{s.Rule}'");
            if (string.IsNullOrWhiteSpace(s.Reason)) problems.Add($"suppressed: {s.Rule} needs a reason");
        }

        var superseded = file.Superseded.Select(s => s.Rule).ToHashSet(StringComparer.Ordinal);
        foreach (var s in file.Superseded)
        {
            // Only medication rules' findings are compared (an interaction or guideline card is never replaced this way).
            if (!medicationRules.Contains(s.Rule)) problems.Add($"superseded: '{s.Rule}' is not a medication rule");
            if (s.By is null || !medicationRules.Contains(s.By) || s.By == s.Rule) problems.Add($"superseded: {s.Rule} needs another medication rule as 'by'");
            else if (superseded.Contains(s.By)) problems.Add($"superseded: {s.Rule} is superseded by {s.By}, which is itself superseded (no chains)");
            if (string.IsNullOrWhiteSpace(s.Reason)) problems.Add($"superseded: {s.Rule} needs a reason");
        }

        if (superseded.Count != file.Superseded.Count) problems.Add("superseded: a rule is listed twice");

        var conditions = evidence.Conditions.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var m in file.ConditionCodes) if (!conditions.Contains(m.Condition ?? "")) problems.Add($"conditionCodes: unknown condition '{m.Condition}'");
        foreach (var m in file.BackPainCodes.Concat(file.BackPainWords.Select(w => new CodeEntry { Indication = w.Indication })))
        {
            if (m.Indication is not ("low_back_pain" or "sciatica")) problems.Add($"back pain: indication '{m.Indication}'");
        }

        if (file.OverrideReasons.Count == 0 || file.OverrideReasons.Any(r => string.IsNullOrWhiteSpace(r.Code) || string.IsNullOrWhiteSpace(r.Display))) problems.Add("overrideReasons: each needs a code and a display");
        if (problems.Count > 0) throw new InvalidOperationException("data/cds-hooks/cards.yml: " + string.Join("; ", problems));

        Settings = settings.ToFrozenDictionary(StringComparer.Ordinal);
        Suppressed = file.Suppressed.ToFrozenDictionary(s => s.Rule, s => s.Reason!, StringComparer.Ordinal);
        SupersededBy = file.Superseded.ToFrozenDictionary(s => s.Rule, s => s.By!, StringComparer.Ordinal);
        OverrideReasons = [.. file.OverrideReasons.Select(r => new OverrideReason(r.Code!, r.Display!))];
        ConditionCodes = file.ConditionCodes.ToFrozenDictionary(m => Key(m.System!, m.Code!), m => m.Condition!, StringComparer.Ordinal);
        BackPainCodes = file.BackPainCodes.ToFrozenDictionary(m => Key(m.System!, m.Code!), m => new CodeMapping(m.System!, m.Code!, m.Indication!, m.Phase, m.Display ?? ""), StringComparer.Ordinal);
        BackPainWords = [.. file.BackPainWords.Select(w => (w.Text!, w.Indication!))];
        RuleIds = [.. Titles.Keys.Order(StringComparer.Ordinal)];
    }

    public static CardCatalog Load(EvidenceBase evidence)
    {
        using var stream = typeof(CardCatalog).Assembly.GetManifestResourceStream("cds-hooks/cards.yml")
            ?? throw new InvalidOperationException("cds-hooks/cards.yml is not embedded");
        using var reader = new StreamReader(stream);
        return new CardCatalog(evidence, reader.ReadToEnd());
    }

    public FrozenDictionary<string, string> Titles { get; }

    public FrozenDictionary<string, CardSetting> Settings { get; }

    public FrozenDictionary<string, string> Suppressed { get; }

    /// <summary>
    /// Rule → the rule whose card replaces it when both fire for the same medicines (one card per problem): for example the
    /// any-age CNS-burden rule gives way to the Beers criterion at 65 and over.
    /// </summary>
    public FrozenDictionary<string, string> SupersededBy { get; }

    public ImmutableArray<OverrideReason> OverrideReasons { get; }

    public FrozenDictionary<string, string> ConditionCodes { get; }

    public FrozenDictionary<string, CodeMapping> BackPainCodes { get; }

    public ImmutableArray<(string Text, string Indication)> BackPainWords { get; }

    public ImmutableArray<string> RuleIds { get; }

    public static string Key(string system, string code) => system + "|" + code;

    private static string Humanize(string id)
    {
        var text = id.Replace('_', ' ');
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private sealed class CardsFile
    {
        public List<ReasonEntry> OverrideReasons { get; set; } = [];

        public List<CardEntry> Cards { get; set; } = [];

        public List<SuppressedEntry> Suppressed { get; set; } = [];

        public List<SupersededEntry> Superseded { get; set; } = [];

        public List<CodeEntry> BackPainCodes { get; set; } = [];

        public List<WordEntry> BackPainWords { get; set; } = [];

        public List<CodeEntry> ConditionCodes { get; set; } = [];
    }

    private sealed class ReasonEntry
    {
        public string? Code { get; set; }

        public string? Display { get; set; }
    }

    private sealed class CardEntry
    {
        public string Rule { get; set; } = "";

        public string? Severity { get; set; }

        public string? Summary { get; set; }

        public string? Title { get; set; }

        public List<string> Sources { get; set; } = [];
    }

    private sealed class SupersededEntry
    {
        public string Rule { get; set; } = "";

        public string? By { get; set; }

        public string? Reason { get; set; }
    }

    private sealed class SuppressedEntry
    {
        public string Rule { get; set; } = "";

        public string? Reason { get; set; }
    }

    private sealed class CodeEntry
    {
        public string? System { get; set; }

        public string? Code { get; set; }

        public string? Indication { get; set; }

        public string? Condition { get; set; }

        public string? Phase { get; set; }

        public string? Display { get; set; }
    }

    private sealed class WordEntry
    {
        public string? Text { get; set; }

        public string? Indication { get; set; }
    }
}
